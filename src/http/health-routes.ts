import type { Logger } from '../log.ts';
import { isDependencyDown } from '../dependency-errors.ts';
import type { AppMetrics } from './metrics.ts';
import { json, type Route } from './router.ts';

/** A dependency the readiness probe checks. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 3_000;

class ProbeTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A coarse reason anyone may read; the error itself (hosts, ports, users) goes to the log only. */
function failureReason(error: unknown): 'timeout' | 'unreachable' | 'error' {
  if (error instanceof ProbeTimeout) return 'timeout';
  return isDependencyDown(error) ? 'unreachable' : 'error';
}

/**
 * /healthz (the process is alive: 503 once `wedged` names a part stuck beyond recovery),
 * /readyz (database and queue answer), /metrics (Prometheus text).
 */
export function healthRoutes(deps: { checks: ReadinessCheck[]; details: () => Record<string, unknown>; metrics: AppMetrics; log: Logger; wedged?: () => string[] }): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      access: 'public',
      handler: async () => {
        const wedged = deps.wedged?.() ?? [];
        return wedged.length === 0 ? json(200, { status: 'ok' }) : json(503, { status: 'wedged', wedged });
      },
    },
    {
      method: 'GET',
      path: '/readyz',
      access: 'public',
      handler: async () => {
        const results = await Promise.all(
          deps.checks.map(async (c) => {
            try {
              await withTimeout(c.check(), PROBE_TIMEOUT_MS);
              deps.metrics.up.set({ dependency: c.name }, 1);
              return [c.name, 'ok', undefined] as const;
            } catch (error) {
              deps.metrics.up.set({ dependency: c.name }, 0);
              const reason = failureReason(error);
              deps.log.warn({ err: error, dependency: c.name, reason }, 'readiness check failed');
              return [c.name, 'failing', reason] as const;
            }
          }),
        );
        const ready = results.every(([, status]) => status === 'ok');
        const reasons = Object.fromEntries(results.flatMap(([name, , reason]) => (reason ? [[name, reason]] : [])));
        const checks = Object.fromEntries(results.map(([name, status]) => [name, status]));
        return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks, ...(ready ? {} : { reasons }), ...deps.details() });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      access: 'public',
      handler: async () => ({ status: 200, headers: { 'content-type': deps.metrics.registry.contentType }, body: await deps.metrics.registry.metrics() }),
    },
  ];
}
