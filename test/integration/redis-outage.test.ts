import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../src/contracts/conversation.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { freePort, startDisposableRedis, type DisposableRedis } from '../support/disposable-redis.ts';
import { createServerDatabase, serviceUrls } from '../support/services.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Counts how often each text is handled: "exactly once" is checked on the orchestrator itself.
function countingOrchestrator(calls: Map<string, number>): Orchestrator {
  return {
    async handle(chat, input) {
      const text = input.text ?? '';
      calls.set(text, (calls.get(text) ?? 0) + 1);
      return { replies: [{ text: `ok: ${text}` }], state: chat.state, lang: chat.lang };
    },
  };
}

async function post(url: string, body: unknown) {
  // The bound is generous: the point is an answer, where the bug was a hang of 20 s and more.
  const res = await fetch(`${url}/api/console/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

describe.runIf(serviceUrls.database)('Redis outage', () => {
  let redis: DisposableRedis;
  let t: TestApp;
  const calls = new Map<string, number>();
  beforeAll(async () => {
    redis = await startDisposableRedis();
    t = await startTestApp({ mode: 'services', redisUrl: redis.url, orchestrator: countingOrchestrator(calls), env: { INBOUND_SWEEP_MS: '1000' } });
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  });

  it('answers 503 within seconds while Redis is down, keeps what it accepted, and replies again once Redis is back', async () => {
    const before = await post(t.url, { chatId: 'outage', text: 'before', clientMessageId: 'before' });
    expect(before.status).toBe(200);

    await redis.kill();
    const during = [];
    for (let i = 0; i < 4; i++) during.push(await post(t.url, { chatId: `outage-${i % 2}`, text: `during ${i}`, clientMessageId: `during-${i}` }));
    for (const answer of during) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: 'service.unavailable', status: 'stored' });
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect((await fetch(`${t.url}/readyz`, { signal: AbortSignal.timeout(15_000) })).status).toBe(503);

    await redis.start();
    // Every message accepted during the outage is answered by the sweeper, without a resend.
    const ids = during.map((answer) => String(answer.body.inboundId));
    let pending = ids.length;
    for (const until = Date.now() + 30_000; pending > 0 && Date.now() < until; await sleep(250)) {
      const { rows } = await t.app.sql.query<{ n: string }>(`SELECT count(*) AS n FROM "InboundEvent" WHERE id = ANY($1::bigint[]) AND "processedAt" IS NULL`, [ids]);
      pending = Number(rows[0]?.n);
    }
    expect(pending).toBe(0);
    // A resend with the same client id is a duplicate that gets the stored replies.
    for (let i = 0; i < 4; i++) {
      const resent = await post(t.url, { chatId: `outage-${i % 2}`, text: `during ${i}`, clientMessageId: `during-${i}` });
      expect(resent).toMatchObject({ status: 200, body: { duplicate: true, replies: [{ text: `ok: during ${i}` }] } });
    }
    const after = await post(t.url, { chatId: 'outage', text: 'after', clientMessageId: 'after' });
    expect(after.body.replies).toEqual([{ text: 'ok: after' }]);
    expect(Object.fromEntries(calls)).toEqual({ before: 1, after: 1, 'during 0': 1, 'during 1': 1, 'during 2': 1, 'during 3': 1 });
  });
});

describe.runIf(serviceUrls.database)('the process with Redis down from the start', () => {
  let db: Awaited<ReturnType<typeof createServerDatabase>>;
  let dataDir: string;
  beforeAll(async () => {
    db = await createServerDatabase(serviceUrls.database!);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-outage-'));
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503, writes only JSON lines, and stops on SIGTERM', async () => {
    const deadPort = await freePort();
    const env = { ...process.env, DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${deadPort}`, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let url: string | undefined;
      for (const until = Date.now() + 60_000; !url && Date.now() < until; await sleep(100)) {
        url = /"url":"(http:[^"]+)"/.exec(stdout)?.[1];
      }
      expect(url).toBeDefined();
      const answer = await post(url!, { chatId: 'down', text: 'hello', clientMessageId: 'one' });
      expect(answer).toMatchObject({ status: 503, body: { error: 'service.unavailable', status: 'stored' } });
      await sleep(2_000); // a few seconds of reconnect attempts
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(30_000).then(() => 'still running')]);
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const notJson = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    expect(stderr).not.toContain('[ioredis]');
    // The connection errors were heard, and logged through pino, rate-limited.
    const connectionErrors = lines.filter((line) => line.includes('queue connection error'));
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(connectionErrors.length).toBeLessThan(20);
  });
});
