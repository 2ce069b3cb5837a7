import { withTimeout } from '../with-timeout.ts';
import type { AppMetrics } from './metrics.ts';
import { json, type Route } from './router.ts';

/** A dependency the readiness probe checks. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 3_000;

/**
 * /healthz (the process is alive: 503 once `wedged` names a part stuck beyond recovery),
 * /readyz (database and queue answer), /metrics (Prometheus text).
 */
export function healthRoutes(deps: { checks: ReadinessCheck[]; details: () => Record<string, unknown>; metrics: AppMetrics; wedged?: () => string[] }): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: async () => {
        const wedged = deps.wedged?.() ?? [];
        return wedged.length === 0 ? json(200, { status: 'ok' }) : json(503, { status: 'wedged', wedged });
      },
    },
    {
      method: 'GET',
      path: '/readyz',
      handler: async () => {
        const results = await Promise.all(
          deps.checks.map(async (c) => {
            try {
              await withTimeout(c.check(), PROBE_TIMEOUT_MS, c.name);
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
