import fs from 'node:fs';
import { createSqlPool } from '../../src/store/sql-pool.ts';

/** CPU time spent while the meter ran, in milliseconds. */
export interface CpuSpent {
  /** This process: the bot, the bench's client and, in the embedded mode, the database itself (PGlite runs in-process). */
  processMs: number;
  /** PostgreSQL backends connected to the bench's database (not the server's shared writer processes); null when not measurable. */
  postgresMs: number | null;
}

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ, 100 on every common kernel). */
const TICKS_PER_SECOND = 100;

/** user + system CPU ticks of a local PostgreSQL process, or null when it is gone, not PostgreSQL's (a server elsewhere) or /proc cannot be read. */
function ticksOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (!stat.includes('(postgres)')) return null;
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Measures CPU from now until `stop()`: this process's (process.cpuUsage) and, when `databaseUrl` is a
 * PostgreSQL server on this machine, that of every backend connected to the database, read from /proc
 * once a second (a backend that ends between two reads loses at most its last second; one that starts
 * counts from 0). The shared WAL writer and checkpointer are left out; so is Redis, shared with other users.
 */
export async function startCpuMeter(databaseUrl: string | undefined): Promise<{ stop(): Promise<CpuSpent> }> {
  const cpuStart = process.cpuUsage();
  const probe = databaseUrl ? createSqlPool(databaseUrl, 1) : undefined;
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let readable = probe !== undefined;
  const read = async (initial: boolean) => {
    if (!probe || !readable) return;
    const { rows } = await probe.query<{ pid: number }>('/* bench */ SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    for (const { pid } of rows) {
      const ticks = ticksOf(pid);
      if (ticks === null) continue;
      if (!first.has(pid)) first.set(pid, initial ? ticks : 0);
      last.set(pid, ticks);
    }
    if (initial && rows.length > 0 && last.size === 0) readable = false;
  };
  await read(true).catch(() => (readable = false));
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (running) await read(false).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await read(false).catch(() => undefined);
      const used = process.cpuUsage(cpuStart);
      let ticks = 0;
      for (const [pid, end] of last) ticks += end - (first.get(pid) ?? 0);
      await probe?.end();
      return { processMs: (used.user + used.system) / 1000, postgresMs: readable && probe ? (ticks * 1000) / TICKS_PER_SECOND : null };
    },
  };
}
