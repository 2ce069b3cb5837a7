import { Worker } from 'node:worker_threads';

/** What the load generator sends: one kind of request, to one URL, at a fixed rate for a bounded time. */
export interface LoadPlan {
  kind: 'floor' | 'telegram' | 'slack';
  /** Full URL on 127.0.0.1. */
  url: string;
  /** Requests per second, open loop: sent on schedule whether or not earlier ones were answered. */
  rate: number;
  /** How many requests in all (rate × seconds). */
  total: number;
  /** Distinct merchant chats the requests go to, round robin: the first message of each opens the chat. */
  chats: number;
  /** Most sockets the keep-alive agent opens; requests past it wait in the agent (and that wait counts). */
  sockets: number;
  /** Makes update_id / event_id / user ids unique to this run. */
  runId: number;
  telegramSecret?: string;
  slackSigningSecret?: string;
  /** A request not answered by then is destroyed and counted as an error. */
  requestTimeoutMs: number;
}

export interface LoadResult {
  sent: number;
  /** Milliseconds from send to the end of the response, one per answered request. */
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  /** Requests still open when the drain deadline passed (destroyed). */
  unfinished: number;
  /** From the first send to the last answer. */
  elapsedMs: number;
  /** How late the generator sent its latest request against the schedule (its own lag, not the server's). */
  maxSendLagMs: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Open-loop pacing: how many of `total` requests are due `elapsedMs` after the start at `rate`/s.
 * Request i is due at i × 1000 / rate ms, so one is due at once and the last at (total − 1) / rate s.
 */
export function dueCount(elapsedMs: number, rate: number, total: number): number {
  if (elapsedMs < 0 || total <= 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * rate) / 1000 + 1e-9) + 1);
}

/** Nearest-rank percentile (q in 0..1) of values sorted ascending; 0 for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** p50, p99 and max, in ms rounded to 0.1. */
export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: round1(percentile(sorted, 0.5)), p99: round1(percentile(sorted, 0.99)), max: round1(sorted.at(-1) ?? 0) };
}

/**
 * Runs one plan in a worker thread: the generator keeps its own event loop (and the second core),
 * so its send schedule and clocks are not held up by the server it measures.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const entry = new URL('./load-worker.ts', import.meta.url).href;
  // Workers do not inherit tsx's loader; tsImport loads the TypeScript entry the same way.
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(code, { eval: true, workerData: plan });
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      worker.once('message', (result: LoadResult) => resolve(result));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`load generator exited with ${code} before reporting`)));
    });
  } finally {
    await worker.terminate();
  }
}
