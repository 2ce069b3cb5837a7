import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './disposable-redis.ts';

export { freePort };

const root = path.resolve(import.meta.dirname, '../..');

/** The whole bot as an operator runs it, in a process of its own. */
export interface SpawnedBot {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL, as `kill -9` does: no handler runs, nothing is drained; resolves once it is gone. */
  kill9(): Promise<void>;
}

/**
 * Spawns the bot as `npm start` runs it (`node --import tsx src/main.ts`, the repo as cwd), with this
 * process's environment less the variables in `unset`, plus `env` (LOG_LEVEL=info unless `env` says otherwise).
 */
export function spawnBot(env: Record<string, string>, options: { unset?: readonly string[] } = {}): SpawnedBot {
  const base = { ...process.env };
  for (const name of options.unset ?? []) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...base, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Bounded: a chatty process under load must not grow this without limit.
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const kill9 = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { child, output: () => output, exited, kill9 };
}

/** Waits (at most `timeoutMs`) until `url`/readyz answers 200; fails with the process's output otherwise, or at once if it exits. */
export async function waitReady(url: string, proc: Pick<SpawnedBot, 'output'> & { exited?: Promise<number | null> }, timeoutMs = 60_000): Promise<void> {
  let exitCode: number | null | undefined;
  void proc.exited?.then((code) => (exitCode = code));
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (exitCode !== undefined) throw new Error(`the bot exited with ${exitCode} before it was ready:\n${proc.output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready in ${timeoutMs / 1000} s:\n${proc.output()}`);
}

/** A bot process listening on its own port, ready. */
export interface BotProcess extends SpawnedBot {
  url: string;
  pid: number;
  /** SIGTERM, then the exit code (SIGKILL after 20 s). */
  stop(): Promise<number | null>;
}

/** Spawns the bot on a free port and waits until /readyz says 200. */
export async function startBotProcess(env: Record<string, string>, options: { unset?: readonly string[] } = {}): Promise<BotProcess> {
  const port = await freePort();
  const bot = spawnBot({ PORT: String(port), ...env }, options);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (bot.child.exitCode !== null) return bot.child.exitCode;
    bot.child.kill('SIGTERM');
    const killer = setTimeout(() => bot.child.kill('SIGKILL'), 20_000);
    try {
      return await bot.exited;
    } finally {
      clearTimeout(killer);
    }
  };
  try {
    await waitReady(url, bot);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...bot, url, pid: bot.child.pid ?? -1, stop };
}
