/** A small Prometheus text-format registry: counters, gauges collected at scrape time, and histograms. */
type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

interface Family {
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  render(name: string): string[];
}

const defaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly collectors: Array<() => Promise<void>> = [];

  /** A monotonically increasing counter. */
  counter(name: string, help: string) {
    const values = new Map<string, number>();
    this.families.set(name, { help, type: 'counter', render: (n) => [...values].map(([k, v]) => `${n}${k} ${v}`) });
    return { inc: (labels: Labels = {}, by = 1) => values.set(labelKey(labels), (values.get(labelKey(labels)) ?? 0) + by) };
  }

  /** A gauge set by a collector run at each scrape. */
  gauge(name: string, help: string) {
    const values = new Map<string, number>();
    this.families.set(name, { help, type: 'gauge', render: (n) => [...values].map(([k, v]) => `${n}${k} ${v}`) });
    return { set: (labels: Labels, value: number) => values.set(labelKey(labels), value) };
  }

  /** A histogram of durations in seconds. */
  histogram(name: string, help: string, buckets = defaultBuckets) {
    const series = new Map<string, { counts: number[]; sum: number; count: number; labels: Labels }>();
    this.families.set(name, {
      help,
      type: 'histogram',
      render: (n) =>
        [...series.values()].flatMap((s) => [
          ...buckets.map((b, i) => `${n}_bucket${labelKey({ ...s.labels, le: String(b) })} ${s.counts[i]}`),
          `${n}_bucket${labelKey({ ...s.labels, le: '+Inf' })} ${s.count}`,
          `${n}_sum${labelKey(s.labels)} ${s.sum}`,
          `${n}_count${labelKey(s.labels)} ${s.count}`,
        ]),
    });
    return {
      observe: (seconds: number, labels: Labels = {}) => {
        const key = labelKey(labels);
        const s = series.get(key) ?? { counts: buckets.map(() => 0), sum: 0, count: 0, labels };
        buckets.forEach((b, i) => {
          if (seconds <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
        });
        s.sum += seconds;
        s.count += 1;
        series.set(key, s);
      },
    };
  }

  /** Registers work to run before each scrape (e.g. reading queue depths). */
  onCollect(collector: () => Promise<void>): void {
    this.collectors.push(collector);
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.collectors.map((c) => c()));
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`, ...family.render(name));
    }
    return `${lines.join('\n')}\n`;
  }
}

/** The bot's metrics, declared in one place. */
export function createAppMetrics() {
  const registry = new Metrics();
  return {
    registry,
    httpRequests: registry.counter('intake_http_requests_total', 'HTTP requests by route and status.'),
    httpDuration: registry.histogram('intake_http_request_duration_seconds', 'HTTP request duration by route.'),
    inboundAccepted: registry.counter('intake_inbound_accepted_total', 'Inbound events stored, by platform.'),
    inboundDuplicates: registry.counter('intake_inbound_duplicates_total', 'Inbound redeliveries recognised and dropped, by platform.'),
    inboundProcessed: registry.counter('intake_inbound_processed_total', 'Inbound events the conversation pipeline finished.'),
    queueJobs: registry.gauge('intake_queue_jobs', 'Jobs per queue and state.'),
    up: registry.gauge('intake_dependency_up', '1 when the dependency answered the last probe.'),
    outboundMessages: registry.gauge('intake_outbound_messages', 'Outbox rows by delivery status (dead = dead letters, kept for managers).'),
    llmCalls: registry.counter('intake_llm_calls_total', 'Model calls by prompt (name/version) and outcome: ok, or the llm.* error code without its prefix.'),
    llmRetries: registry.counter('intake_llm_retries_total', 'Model calls retried once (429, 5xx, unreachable, attempt timeout), by prompt.'),
    llmDuration: registry.histogram('intake_llm_call_duration_seconds', 'Model call duration, retry included, by prompt.'),
    llmCircuit: registry.gauge('intake_llm_circuit', '1 for the state the model circuit breaker is in (closed, open, half_open), 0 for the others.'),
    understandingAssist: registry.counter('intake_understanding_assist_total', 'Messages by how the model took part: offline (unambiguous or no key), assisted, fallback (the model failed).'),
  };
}

export type AppMetrics = ReturnType<typeof createAppMetrics>;
