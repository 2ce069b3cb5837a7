import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runsBackendIndependentTests } from '../support/services.ts';

const root = path.resolve(import.meta.dirname, '../..');

// The whole bot as an operator runs it (`npm start` is `node --import tsx src/main.ts`) in its own process, no DATABASE_URL/REDIS_URL.
function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...clean, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitReady(url: string, proc: { output: () => string }): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready in 60 s:\n${proc.output()}`);
}

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
