import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { withTimeout } from '../with-timeout.ts';

/**
 * Runs a queue operation with a time bound: a queue that does not answer within `ms` is treated as
 * down (`service.unavailable`) instead of keeping the caller waiting. The operation itself is not
 * cancelled; whatever it does later is harmless because every queue write is idempotent here.
 */
export async function bounded<T>(what: string, ms: number, operation: () => Promise<T>): Promise<T> {
  const running = operation();
  running.catch(() => undefined);
  try {
    return await withTimeout(running, ms, `the queue (${what})`);
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw new CodedError('service.unavailable', `the queue refused ${what}`, undefined, { cause: error });
  }
}

/** Waits for `closing` at most `ms`; returns false if it did not finish in time (the caller then forces). */
export async function settlesWithin(closing: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    closing.then(() => true, () => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return done;
}

/**
 * An error logger for connections that fail repeatedly (a Redis outage emits several errors a
 * second per connection): the first error of a source is logged, then at most one per interval,
 * with how many were left out. Everything goes through pino, so stdout stays JSON.
 */
export function rateLimitedErrorLog(log: Logger, intervalMs = 10_000): (source: string, error: unknown) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (source, error) => {
    const now = Date.now();
    const entry = last.get(source);
    if (entry && now - entry.at < intervalMs) {
      entry.suppressed += 1;
      return;
    }
    last.set(source, { at: now, suppressed: 0 });
    log.warn({ err: error, source, suppressed: entry?.suppressed ?? 0 }, 'queue connection error');
  };
}
