import { followDatabaseBackends } from './cpu-usage.ts';

/** CPU time spent while the meter ran, in milliseconds. */
export interface CpuSpent {
  /** This process: the bot, the bench's client and, in the embedded mode, the database itself (PGlite runs in-process). */
  processMs: number;
  /** PostgreSQL backends connected to the bench's database (not the server's shared writer processes); null when not measurable. */
  postgresMs: number | null;
}

/**
 * Measures CPU from now until `stop()`: this process's (process.cpuUsage) and, when `databaseUrl` is a
 * PostgreSQL server on this machine, that of every backend connected to its database (cpu-usage.ts's
 * followDatabaseBackends, read from /proc). The shared WAL writer and checkpointer are left out; so is Redis,
 * shared with other users of the server.
 */
export async function startCpuMeter(databaseUrl: string | undefined): Promise<{ stop(): Promise<CpuSpent> }> {
  const cpuStart = process.cpuUsage();
  const backends = databaseUrl ? followDatabaseBackends(databaseUrl, decodeURIComponent(new URL(databaseUrl).pathname.slice(1))) : undefined;
  await backends?.started;
  return {
    async stop() {
      const postgresMs = backends ? await backends.stop() : null;
      const used = process.cpuUsage(cpuStart);
      return { processMs: (used.user + used.system) / 1000, postgresMs };
    },
  };
}
