import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBot, waitReady } from '../support/bot-process.ts';
import { freePort } from '../support/disposable-redis.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

// The whole bot as an operator runs it, in its own process, no DATABASE_URL/REDIS_URL.
const run = (env: Record<string, string>) => spawnBot(env, ['DATABASE_URL', 'REDIS_URL']);

describe.skipIf(!runsBackendIndependentTests)('the bot process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-proc-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a bad environment with one line per bad variable, before opening anything', async () => {
    const proc = run({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await proc.exited).toBe(78);
    const lines = proc.output().trim().split('\n').filter((l) => l.startsWith('config error'));
    expect(lines).toEqual(['config error: PORT: expected a whole number between 0 and 65535 (got "abc")']);
    expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
  });

  it('starts embedded, answers, stops cleanly on SIGINT and keeps its data across a restart', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = run({ PORT: String(port), DATA_DIR: dataDir });
    await waitReady(url, first);

    // A second process on the same data directory is refused with a clear message, not allowed to corrupt it.
    const intruder = run({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toContain('embedded.data_dir_in_use');

    const post = await fetch(`${url}/api/console/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: 'proc-1', text: '我的订单有问题' }) });
    expect(post.status).toBe(200);
    // Ctrl-C in a terminal arrives twice (the terminal's, and tsx relaying it): still a clean stop.
    first.child.kill('SIGINT');
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    expect(first.output()).not.toContain('我的订单有问题'); // message text never reaches info logs

    const second = run({ PORT: String(port), DATA_DIR: dataDir });
    await waitReady(url, second);
    const history = (await (await fetch(`${url}/api/console/chats/proc-1/messages`)).json()) as { messages: Array<{ from: string; text: string }> };
    expect(history.messages[0]).toMatchObject({ from: 'merchant', text: '我的订单有问题' });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
