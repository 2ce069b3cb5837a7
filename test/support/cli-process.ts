import { spawn } from 'node:child_process';

/** What a CLI run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run --silent cli -- <command> …` as operators do (node + tsx, the repo as cwd): this process's
 * environment without the variables in `unset`, plus `env`, at LOG_LEVEL=warn unless `env` says otherwise.
 */
export function runCli(command: string, args: readonly string[], options: { unset: readonly string[]; env?: Record<string, string> }): Promise<CliRun> {
  return runScript('src/cli.ts', [command, ...args], options);
}

/** Runs one of the repo's entry points (`src/main.ts` is `npm start`) to its end, as {@link runCli} does. */
export function runScript(script: string, args: readonly string[], options: { unset: readonly string[]; env?: Record<string, string> }): Promise<CliRun> {
  const base = { ...process.env };
  for (const name of options.unset) delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd(), env: { ...base, LOG_LEVEL: 'warn', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
