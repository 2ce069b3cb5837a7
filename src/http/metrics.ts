import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The bot's metrics on prom-client. Every app instance has its own `Registry` (never prom-client's
 * global one: tests start several apps in one process, and each must count only its own work).
 * /metrics renders it with `registry.metrics()`; gauges read from a datastore (queue depths, the
 * outbox) are filled by their `collect()` at scrape time, from sources added with `collectFrom`.
 */

const METRIC_PREFIX = 'intake_';

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, heap, event loop lag, GC, handles), `intake_`-prefixed.
 * They describe the process, not an app, so they are created once per process (one event-loop
 * monitor, one GC observer) in a registry of their own and shared by every app's registry: a second
 * app in the same process registers the same objects instead of declaring them twice.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
  }
  return processRegistry;
}

/** A gauge read at scrape time: each source added with `collectFrom` runs before the gauge is rendered. */
export type ScrapedGauge<L extends string> = Gauge<L> & {
  /** Adds a source; one that fails leaves the values it set last (the dependency gauge tells it is down). */
  collectFrom(source: (gauge: Gauge<L>) => Promise<void>): void;
};

function scrapedGauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): ScrapedGauge<L> {
  const sources: Array<(gauge: Gauge<L>) => Promise<void>> = [];
  const gauge = new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      await Promise.allSettled(sources.map((source) => source(this)));
    },
  });
  return Object.assign(gauge, { collectFrom: (source: (gauge: Gauge<L>) => Promise<void>) => void sources.push(source) });
}

/** Buckets for a delayed job's lateness: 1 ms (on time) to a minute (a worker or the datastore stalled). */
export const LATENESS_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The bot's metrics, declared in one place. */
export function createAppMetrics() {
  const registry = new Registry();
  const shared = processMetrics();
  for (const { name } of shared.getMetricsAsArray()) {
    const metric = shared.getSingleMetric(name);
    if (metric) registry.registerMetric(metric);
  }
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: number[]) =>
    new Histogram<L>({ name, help, labelNames, registers, ...(buckets ? { buckets } : {}) });
  return {
    registry,
    httpRequests: counter('intake_http_requests_total', 'HTTP requests by route and status.', ['route', 'status']),
    httpDuration: histogram('intake_http_request_duration_seconds', 'HTTP request duration by route.', ['route']),
    inboundAccepted: counter('intake_inbound_accepted_total', 'Inbound events stored, by platform.', ['platform']),
    inboundDuplicates: counter('intake_inbound_duplicates_total', 'Inbound redeliveries recognised and dropped, by platform.', ['platform']),
    inboundProcessed: counter('intake_inbound_processed_total', 'Inbound events the conversation pipeline finished.', []),
    queueJobs: scrapedGauge(registry, 'intake_queue_jobs', 'Jobs per queue and state, read at scrape time (see trackQueues).', ['queue', 'state']),
    jobsFailed: counter('intake_jobs_failed_total', 'Job attempts that threw, by queue (a job retried after a failure counts once per failed attempt).', ['queue']),
    timerLateness: histogram('intake_timer_lateness_seconds', 'How late a delayed job ran after its intended time, by kind of timer.', ['kind'], LATENESS_BUCKETS),
    up: gauge('intake_dependency_up', '1 when the dependency answered the last probe.', ['dependency']),
    outboundMessages: scrapedGauge(registry, 'intake_outbound_messages', 'Outbox rows by delivery status (dead = dead letters, kept for managers).', ['status']),
    llmCalls: counter('intake_llm_calls_total', 'Model calls by prompt (name/version) and outcome: ok, or the llm.* error code without its prefix.', ['prompt', 'outcome']),
    llmRetries: counter('intake_llm_retries_total', 'Model calls retried once (429, 5xx, unreachable, attempt timeout), by prompt.', ['prompt']),
    llmDuration: histogram('intake_llm_call_duration_seconds', 'Model call duration, retry included, by prompt.', ['prompt']),
    llmCircuit: gauge('intake_llm_circuit', '1 for the state the model circuit breaker is in (closed, open, half_open), 0 for the others.', ['state']),
    understandingAssist: counter('intake_understanding_assist_total', 'Messages by how the model took part: offline (unambiguous or no key), assisted, fallback (the model failed).', ['outcome']),
  };
}

export type AppMetrics = ReturnType<typeof createAppMetrics>;

/** The job states `intake_queue_jobs` reports for every tracked queue (0 when a queue has none). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** A queue whose job counts can be read (a `JobQueue`: bounded in time, so a scrape cannot hang on it). */
/** What a queue depth is read from: BullMQ's own `getJobCounts`. */
export interface CountedQueue {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

/**
 * Reports the depth of each queue, by state, at every scrape, under the label given as its key
 * (e.g. `{ inbound: inboundQueue }`). A queue that cannot be read keeps its last values.
 */
export function trackQueues(metrics: Pick<AppMetrics, 'queueJobs'>, queues: Record<string, CountedQueue>): void {
  for (const [queue, source] of Object.entries(queues)) {
    metrics.queueJobs.collectFrom(async (gauge) => {
      const counts = await source.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) gauge.set({ queue, state }, counts[state] ?? 0);
    });
  }
}

/** Records how late a delayed job of `kind` ran (`ranAt` - `dueAt`); one that ran early counts as on time. */
export function recordTimerLateness(metrics: Pick<AppMetrics, 'timerLateness'>, kind: string, dueAt: Date, ranAt: Date): void {
  metrics.timerLateness.observe({ kind }, Math.max(0, ranAt.getTime() - dueAt.getTime()) / 1000);
}
