import { randomUUID } from 'node:crypto';
import { startTestApp } from '../support/app-harness.ts';
import type { ConversationInput, Reply } from '../../src/contracts/conversation.ts';
import { benchScript, buttonFor } from './bench-script.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000 * 10) / 10;
}

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99) };
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
  // Throughput, not the console's patience, is measured: replies may take longer than the default 10 s under this load.
  const t = await startTestApp({ env: { CONSOLE_REPLY_TIMEOUT_MS: '120000' } });
  try {
    const { prisma } = t.app;
    const script = benchScript;
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
        let replies: Reply[] = [];
        for (const step of script) {
          const input: ConversationInput = 'send' in step ? { kind: 'message', text: step.send, receivedAt: new Date() } : { kind: 'action', actionId: buttonFor(step, replies), receivedAt: new Date() };
          const result = await orchestrator.handle({ chatId: chat.id, merchantId: merchant.id, lang: 'zh-CN', state }, input);
          state = result.state;
          replies = result.replies;
          handled += 1;
        }
      }
    });

    // End to end over HTTP: CHATS chats at once, each sending the script in order.
    let sent = 0;
    const latencies: number[] = [];
    const e2e = await timed(() =>
      Promise.all(
        Array.from({ length: CHATS }, async (_, c) => {
          const chatId = `bench-${c}-${randomUUID().slice(0, 8)}`;
          for (let round = 0; round < ROUNDS; round++) {
            let replies: Reply[] = [];
            for (const step of script) {
              const started = performance.now();
              const answer = 'send' in step ? await t.send(chatId, step.send) : await t.press(chatId, buttonFor(step, replies));
              latencies.push(performance.now() - started);
              if (answer.status !== 200) throw new Error(`console answered ${answer.status}`);
              replies = answer.replies;
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
      consoleLatencyMs: percentiles(latencies),
      consoleToFloorRatio: Math.round((perSecond(sent, e2e.ms) / perSecond(floorOps, floor.ms)) * 1000) / 1000,
    };
    console.log(`\n### flows (${mode.database} database, ${mode.queue} queue, ${CHATS} concurrent chats)\n`);
    console.log('| measure | per second |\n|---|---|');
    console.log(`| orchestrator, in-process (messages) | ${result.orchestratorMessagesPerSecond} |`);
    console.log(`| console end to end over HTTP (messages) | ${result.consoleMessagesPerSecond} |`);
    console.log(`| raw floor: insert + select | ${result.rawFloorInsertSelectPerSecond} |`);
    console.log(`\nconsole / floor = ${result.consoleToFloorRatio}; console reply latency p50 ${result.consoleLatencyMs.p50} ms, p99 ${result.consoleLatencyMs.p99} ms`);
    return result;
  } finally {
    await t.stop();
  }
}
