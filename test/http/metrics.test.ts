import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/health-routes.ts';
import { LATENESS_BUCKETS, QUEUE_STATES, createAppMetrics, recordTimerLateness, trackQueues, type AppMetrics } from '../../src/http/metrics.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { sampleValue, samples } from '../support/prometheus-text.ts';

const families = (text: string) => new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));

describe('the app metrics (prom-client)', () => {
  it('declares every intake_ family, with its type, plus the intake_-prefixed process metrics', async () => {
    const text = await createAppMetrics().registry.metrics();
    const types = families(text);
    expect(Object.fromEntries([...types].filter(([name]) => !/^intake_(process|nodejs)_/.test(name ?? '')))).toEqual({
      intake_http_requests_total: 'counter',
      intake_http_request_duration_seconds: 'histogram',
      intake_inbound_accepted_total: 'counter',
      intake_inbound_duplicates_total: 'counter',
      intake_inbound_processed_total: 'counter',
      intake_queue_jobs: 'gauge',
      intake_jobs_failed_total: 'counter',
      intake_timer_lateness_seconds: 'histogram',
      intake_dependency_up: 'gauge',
      intake_outbound_messages: 'gauge',
      intake_llm_calls_total: 'counter',
      intake_llm_retries_total: 'counter',
      intake_llm_call_duration_seconds: 'histogram',
      intake_llm_circuit: 'gauge',
      intake_understanding_assist_total: 'counter',
    });
    for (const name of ['intake_process_cpu_seconds_total', 'intake_process_resident_memory_bytes', 'intake_nodejs_eventloop_lag_seconds', 'intake_nodejs_heap_size_used_bytes']) expect(types.has(name), name).toBe(true);
    expect([...types.keys()].every((name) => name?.startsWith('intake_'))).toBe(true);
    expect(text).toContain('# HELP intake_jobs_failed_total Job attempts that threw');
  });

  it('keeps two apps in one process apart: each counts only its own work, and neither throws on the shared process metrics', async () => {
    const a = createAppMetrics();
    const b = createAppMetrics();
    a.inboundAccepted.inc({ platform: 'slack' }, 3);
    b.inboundAccepted.inc({ platform: 'slack' });
    b.jobsFailed.inc({ queue: 'inbound' });
    const [textA, textB] = await Promise.all([a.registry.metrics(), b.registry.metrics()]);
    expect(sampleValue(textA, 'intake_inbound_accepted_total', { platform: 'slack' })).toBe(3);
    expect(sampleValue(textB, 'intake_inbound_accepted_total', { platform: 'slack' })).toBe(1);
    expect(sampleValue(textA, 'intake_jobs_failed_total', { queue: 'inbound' })).toBeUndefined();
    expect(sampleValue(textB, 'intake_jobs_failed_total', { queue: 'inbound' })).toBe(1);
    expect(sampleValue(textA, 'intake_process_start_time_seconds')).toBe(sampleValue(textB, 'intake_process_start_time_seconds'));
  });

  it('escapes label values (backslash, double quote, newline) so any value reads back unchanged', async () => {
    const metrics = createAppMetrics();
    metrics.llmCalls.inc({ prompt: 'a\\b "quoted"\nnext', outcome: 'ok' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('prompt="a\\\\b \\"quoted\\"\\nnext"');
    await fc.assert(
      fc.asyncProperty(fc.string(), async (prompt) => {
        const m = createAppMetrics();
        m.llmRetries.inc({ prompt });
        const rendered = await m.registry.metrics();
        expect(rendered.split('\n').filter((line) => line.startsWith('intake_llm_retries_total'))).toHaveLength(1);
        expect(sampleValue(rendered, 'intake_llm_retries_total', { prompt })).toBe(1);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a label the family does not declare', () => {
    const metrics = createAppMetrics();
    expect(() => metrics.inboundAccepted.inc({ platform: 'slack', chat: 'c1' } as never)).toThrow(/label/i);
  });

  describe('queue depths (trackQueues)', () => {
    it('reads every tracked queue at scrape time, reporting each state (0 when a queue has none)', async () => {
      const metrics = createAppMetrics();
      const depth = { waiting: 2, completed: 7 };
      trackQueues(metrics, { inbound: { getJobCounts: async () => depth }, 'deliver-slack': { getJobCounts: async () => ({ delayed: 1 }) } });
      let text = await metrics.registry.metrics();
      for (const state of QUEUE_STATES) {
        expect(sampleValue(text, 'intake_queue_jobs', { queue: 'inbound', state }), state).toBe(depth[state as keyof typeof depth] ?? 0);
        expect(sampleValue(text, 'intake_queue_jobs', { queue: 'deliver-slack', state }), state).toBe(state === 'delayed' ? 1 : 0);
      }
      depth.waiting = 0;
      text = await metrics.registry.metrics();
      expect(sampleValue(text, 'intake_queue_jobs', { queue: 'inbound', state: 'waiting' })).toBe(0);
    });

    it('keeps the last depths of a queue that cannot be read, and still reads the others', async () => {
      const metrics = createAppMetrics();
      let down = false;
      let delayed = 1;
      trackQueues(metrics, {
        inbound: { getJobCounts: async () => (down ? Promise.reject(new Error('redis down')) : { waiting: 4 }) },
        'deliver-telegram': { getJobCounts: async () => ({ delayed }) },
      });
      await metrics.registry.metrics();
      down = true;
      delayed = 5;
      const text = await metrics.registry.metrics();
      expect(sampleValue(text, 'intake_queue_jobs', { queue: 'inbound', state: 'waiting' })).toBe(4);
      expect(sampleValue(text, 'intake_queue_jobs', { queue: 'deliver-telegram', state: 'delayed' })).toBe(5);
    });
  });

  describe('timer lateness', () => {
    it('has buckets from 1 ms to 60 s', () => {
      expect(LATENESS_BUCKETS[0]).toBe(0.001);
      expect(LATENESS_BUCKETS.at(-1)).toBe(60);
      expect(LATENESS_BUCKETS).toEqual([...LATENESS_BUCKETS].sort((x, y) => x - y));
    });

    it('observes how late a job ran, by kind; an early one counts as on time', async () => {
      const metrics = createAppMetrics();
      const due = new Date('2026-11-28T10:00:00Z');
      recordTimerLateness(metrics, 'sla', due, new Date(due.getTime() + 1_500));
      recordTimerLateness(metrics, 'sla', due, new Date(due.getTime() - 200));
      const text = await metrics.registry.metrics();
      expect(sampleValue(text, 'intake_timer_lateness_seconds_count', { kind: 'sla' })).toBe(2);
      expect(sampleValue(text, 'intake_timer_lateness_seconds_sum', { kind: 'sla' })).toBe(1.5);
      expect(sampleValue(text, 'intake_timer_lateness_seconds_bucket', { kind: 'sla', le: '0.001' })).toBe(1);
      expect(sampleValue(text, 'intake_timer_lateness_seconds_bucket', { kind: 'sla', le: '1' })).toBe(1);
      expect(sampleValue(text, 'intake_timer_lateness_seconds_bucket', { kind: 'sla', le: '2.5' })).toBe(2);
    });

    it('puts every lateness in exactly the buckets at or above it', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: -60_000, max: 120_000 }), async (lateMs) => {
          const metrics = createAppMetrics();
          const due = new Date(0);
          recordTimerLateness(metrics, 'k', due, new Date(lateMs));
          const text = await metrics.registry.metrics();
          const seconds = Math.max(0, lateMs) / 1000;
          for (const le of LATENESS_BUCKETS) expect(sampleValue(text, 'intake_timer_lateness_seconds_bucket', { kind: 'k', le: String(le) })).toBe(seconds <= le ? 1 : 0);
          expect(sampleValue(text, 'intake_timer_lateness_seconds_bucket', { kind: 'k', le: '+Inf' })).toBe(1);
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('/metrics', () => {
  let http: HttpServer;
  let url: string;
  let metrics: AppMetrics;
  beforeAll(async () => {
    metrics = createAppMetrics();
    const log = createLogger('silent');
    http = createHttpServer({
      log,
      metrics,
      access: { extraHosts: [], token: undefined },
      timeouts: { requestMs: 30_000, headersMs: 15_000 },
      routes: healthRoutes({ metrics, log, details: () => ({}), checks: [{ name: 'database', check: async () => undefined }] }),
    });
    url = (await http.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await http?.close();
  });

  it('serves the registry in the Prometheus text format, with the requests it answered and the probes it ran', async () => {
    metrics.outboundMessages.collectFrom(async (gauge) => gauge.set({ status: 'dead' }, 2));
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(samples(text).filter((s) => s.name === 'intake_http_requests_total')).toEqual([expect.objectContaining({ labels: expect.objectContaining({ status: '200' }), value: 1 })]);
    expect(sampleValue(text, 'intake_dependency_up', { dependency: 'database' })).toBe(1);
    expect(sampleValue(text, 'intake_outbound_messages', { status: 'dead' })).toBe(2);
    expect(sampleValue(text, 'intake_process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});
