import type { AppMetrics } from './metrics.ts';
import { json, type Route } from './router.ts';

/** A dependency the readiness probe checks. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** /healthz (the process is alive), /readyz (database and queue answer), /metrics (Prometheus text). */
export function healthRoutes(deps: { checks: ReadinessCheck[]; details: () => Record<string, unknown>; metrics: AppMetrics }): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: async () => json(200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async () => {
        const results = await Promise.all(
          deps.checks.map(async (c) => {
            try {
              await withTimeout(c.check(), PROBE_TIMEOUT_MS);
              deps.metrics.up.set({ dependency: c.name }, 1);
              return [c.name, 'ok'] as const;
            } catch (error) {
              deps.metrics.up.set({ dependency: c.name }, 0);
              return [c.name, `failing: ${error instanceof Error ? error.message : String(error)}`] as const;
            }
          }),
        );
        const ready = results.every(([, status]) => status === 'ok');
        return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results), ...deps.details() });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => ({ status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, body: await deps.metrics.registry.render() }),
    },
  ];
}
