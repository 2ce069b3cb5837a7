import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import pg from 'pg';

/**
 * CPU time of the processes a benchmark drives, read from Linux's /proc (utime + stime of
 * /proc/<pid>/stat, in clock ticks): the bot processes by pid, the PostgreSQL backends serving one
 * database (found in pg_stat_activity, so other databases on the same server do not count), and the
 * Redis server as its INFO reports it (the whole server: every client of it counts).
 */

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU milliseconds a process has used so far, or null when /proc does not show it (gone, another host, not Linux). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is [0], utime [11], stime [12].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

/** Redis's own CPU so far (used_cpu_user + used_cpu_sys of INFO cpu), in ms. */
export async function redisCpuMs(redis: Redis): Promise<number | null> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  const total = (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
  return Number.isFinite(total) ? total : null;
}

/**
 * Follows the backends of one database while it runs: polls pg_stat_activity every `everyMs` and
 * remembers each backend's CPU when first and last seen. A backend that was there at the start counts
 * from then; one that appeared later counts from its birth. A backend that ended between two polls
 * loses at most one interval, so the figure is a slight underestimate. Returns null when no backend's
 * /proc entry was readable (a server on another host).
 */
export function followDatabaseBackends(serverUrl: string, database: string, everyMs = 250) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let stopped = false;
  let readable = false;
  const client = new pg.Client({ connectionString: serverUrl });
  const poll = async (starting: boolean) => {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === null) continue;
      readable = true;
      if (!first.has(pid)) first.set(pid, starting ? ms : 0);
      last.set(pid, ms);
    }
  };
  const started = (async () => {
    await client.connect();
    await poll(true);
  })();
  const loop = (async () => {
    await started;
    while (!stopped) {
      await sleep(everyMs);
      await poll(false);
    }
  })();
  return {
    started,
    /** Stops following; the CPU ms the database's backends used meanwhile. */
    async stop(): Promise<number | null> {
      stopped = true;
      await loop;
      await poll(false);
      await client.end();
      if (!readable) return null;
      let total = 0;
      for (const [pid, end] of last) total += end - (first.get(pid) ?? 0);
      return total;
    },
  };
}
