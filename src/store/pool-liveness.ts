import pg from 'pg';
import { withTimeout } from '../with-timeout.ts';

/** A trivial round trip through one of the process's connection pools. */
export interface PoolProbe {
  name: string;
  roundTrip(): Promise<unknown>;
}

export interface PoolLivenessOptions {
  databaseUrl: string;
  probes: PoolProbe[];
  /** A pool failing this long while the database answers a fresh connection: the process is wedged. */
  wedgedAfterMs?: number;
  intervalMs?: number;
  probeTimeoutMs?: number;
}

/** Whether the database itself answers: a fresh connection outside every pool, then closed. */
async function databaseAnswers(databaseUrl: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Liveness of the process's database pools. Every `intervalMs` each pool makes a trivial round trip;
 * when one fails, a fresh connection asks whether the database itself answers. A pool that keeps
 * failing while the database answers is stuck in this process (leaked connections, a lock that never
 * opens): only a restart helps, so after `wedgedAfterMs` it is reported and /healthz turns 503.
 * A database that does not answer is not this process's fault: that is readiness (/readyz), never
 * liveness, so an outage never makes an orchestrator restart every replica.
 */
export function startPoolLiveness(options: PoolLivenessOptions) {
  const { wedgedAfterMs = 30_000, intervalMs = 5_000, probeTimeoutMs = 3_000 } = options;
  const failingSince = new Map<string, number>();
  let running: Promise<void> | undefined;

  const check = async (now = Date.now()) => {
    const failing = await Promise.all(
      options.probes.map(async (probe) => {
        const ok = await withTimeout(probe.roundTrip(), probeTimeoutMs, probe.name).then(() => true, () => false);
        return ok ? null : probe.name;
      }),
    );
    const failed = failing.filter((name): name is string => name !== null);
    const dbUp = failed.length > 0 && (await databaseAnswers(options.databaseUrl, probeTimeoutMs));
    for (const probe of options.probes) {
      if (!failed.includes(probe.name) || !dbUp) failingSince.delete(probe.name);
      else if (!failingSince.has(probe.name)) failingSince.set(probe.name, now);
    }
  };
  const timer = setInterval(() => {
    running ??= check().finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();

  return {
    /** Runs one round of checks now (tests, and the first probe after start). */
    check: () => (running ??= check().finally(() => (running = undefined))),
    /** Pools failing for longer than `wedgedAfterMs` while the database answers. */
    wedged(now = Date.now()): string[] {
      return [...failingSince].filter(([, since]) => now - since >= wedgedAfterMs).map(([name]) => name);
    },
    stop: () => clearInterval(timer),
  };
}

export type PoolLiveness = ReturnType<typeof startPoolLiveness>;
