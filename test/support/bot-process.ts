import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The whole bot as an operator runs it (`npm start` is `node --import tsx src/main.ts`), in its own process. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGKILL, as `kill -9` does: no handler runs, nothing is drained; resolves once it is gone. */
  kill9(): Promise<void>;
}

/** Starts `src/main.ts` with this process's environment, less `unset`, plus `env`. */
export function spawnBot(env: Record<string, string>, unset: readonly string[] = []): BotProcess {
  const base = { ...process.env };
  for (const name of unset) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...base, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits until `/readyz` answers 200 (database and queue up); the error carries what the process printed. */
export async function waitReady(url: string, proc: { output: () => string }, timeoutMs = 60_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
  }
  throw new Error(`not ready in ${timeoutMs / 1000} s:\n${proc.output()}`);
}
