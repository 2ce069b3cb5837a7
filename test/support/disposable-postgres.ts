import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL cluster on its own port, for tests that take the database away:
 * `kill()` is a crash (SIGQUIT to the postmaster, like `pg_ctl stop -m immediate`), `start()`
 * brings the same data back with crash recovery, `stop()` removes everything.
 */
export interface DisposablePostgres {
  /** Connection string of the `postgres` database (trust auth, user postgres). */
  url: string;
  port: number;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL binary as the `postgres` OS user when we are root (initdb refuses root). */
async function asPostgres(binary: string, args: string[]): Promise<void> {
  const file = path.join(BIN, binary);
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
  else await run(file, args);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`disposable PostgreSQL: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startDisposablePostgres(): Promise<DisposablePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-pg-'));
  const dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', dir]);
  await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const postmasterPid = () => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

  const start = () => asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  const kill = async () => {
    const pid = postmasterPid();
    process.kill(pid, 'SIGQUIT');
    await waitFor(() => !isAlive(pid), `postmaster ${pid} exit after SIGQUIT`);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    kill,
    start,
    async stop() {
      if (fs.existsSync(path.join(dataDir, 'postmaster.pid')) && isAlive(postmasterPid())) await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
