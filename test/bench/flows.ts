import { randomUUID } from 'node:crypto';
import { startTestApp } from '../support/app-harness.ts';
import { benchScript } from './bench-script.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000 * 10) / 10;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * flows: the orchestrator alone (in-process, real case service and database), the whole console
 * path over HTTP with many chats at once, and the raw floor: a plain insert + select on the same database.
 */
export async function benchFlows(): Promise<Record<string, unknown>> {
  const t = await startTestApp();
  try {
    const { prisma } = t.app;
    const script = benchScript();
    const mode = t.app.mode;

    // Raw floor: what one message costs the database at minimum (one insert, one select), same concurrency.
    // Through the same plain pg pool the message path uses: the cheapest way this process talks to the database.
    const { sql } = t.app;
    await sql.query('CREATE TABLE IF NOT EXISTS bench_floor (id bigserial primary key, chat text not null, body text not null)');
    await sql.query('CREATE INDEX IF NOT EXISTS bench_floor_chat ON bench_floor (chat, id)');
    const floor = await timed(() =>
      Promise.all(
        Array.from({ length: CHATS }, async (_, c) => {
          for (let i = 0; i < script.length * ROUNDS; i++) {
            await sql.query('INSERT INTO bench_floor (chat, body) VALUES ($1, $2)', [`c${c}`, 'hello']);
            await sql.query('SELECT id, body FROM bench_floor WHERE chat = $1 ORDER BY id DESC LIMIT 1', [`c${c}`]);
          }
        }),
      ),
    );
    const floorOps = CHATS * script.length * ROUNDS;

    // Orchestrator in-process: scripted conversations handled one after another, state carried between messages.
    const orchestrator = t.app.orchestrator;
    const merchant = await prisma.merchant.create({ data: {} });
    const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: `bench-${randomUUID()}`, merchantId: merchant.id } });
    let handled = 0;
    const inProcess = await timed(async () => {
      for (let round = 0; round < ROUNDS * 20; round++) {
        let state: unknown = {};
        for (const step of script) {
          const result = await orchestrator.handle({ chatId: chat.id, merchantId: merchant.id, lang: 'zh-CN', state }, { ...step, receivedAt: new Date() });
          state = result.state;
          handled += 1;
        }
      }
    });

    // End to end over HTTP: CHATS chats at once, each sending the script in order.
    let sent = 0;
    const e2e = await timed(() =>
      Promise.all(
        Array.from({ length: CHATS }, async (_, c) => {
          const chatId = `bench-${c}-${randomUUID().slice(0, 8)}`;
          for (let round = 0; round < ROUNDS; round++) {
            for (const step of script) {
              const answer = step.kind === 'action' && step.actionId ? await t.press(chatId, step.actionId) : await t.send(chatId, step.text ?? '');
              if (answer.status !== 200) throw new Error(`console answered ${answer.status}`);
              sent += 1;
            }
          }
        }),
      ),
    );

    const result = {
      mode,
      chats: CHATS,
      scriptLength: script.length,
      orchestratorMessagesPerSecond: perSecond(handled, inProcess.ms),
      consoleMessagesPerSecond: perSecond(sent, e2e.ms),
      rawFloorInsertSelectPerSecond: perSecond(floorOps, floor.ms),
      consoleToFloorRatio: Math.round((perSecond(sent, e2e.ms) / perSecond(floorOps, floor.ms)) * 1000) / 1000,
    };
    console.log(`\n### flows (${mode.database} database, ${mode.queue} queue, ${CHATS} concurrent chats)\n`);
    console.log('| measure | per second |\n|---|---|');
    console.log(`| orchestrator, in-process (messages) | ${result.orchestratorMessagesPerSecond} |`);
    console.log(`| console end to end over HTTP (messages) | ${result.consoleMessagesPerSecond} |`);
    console.log(`| raw floor: insert + select | ${result.rawFloorInsertSelectPerSecond} |`);
    console.log(`\nconsole / floor = ${result.consoleToFloorRatio}`);
    return result;
  } finally {
    await t.stop();
  }
}
