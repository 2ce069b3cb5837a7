import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { withTimeout } from '../with-timeout.ts';

/**
 * What the start-up check found about Redis's `maxmemory-policy`. BullMQ needs `noeviction`: under
 * any other policy a Redis that reaches maxmemory silently deletes keys, i.e. jobs and their locks.
 */
export type RedisPolicyReport =
  | { state: 'checking' }
  | { state: 'ok' | 'evicting'; policy: string; source: 'config' | 'info' }
  | { state: 'unknown' };

const REQUIRED_POLICY = 'noeviction';
const CHECK_TIMEOUT_MS = 5_000;

/** The policy from `CONFIG GET maxmemory-policy`, which managed Redis services often refuse. */
async function policyFromConfig(redis: Redis): Promise<string | undefined> {
  const reply = await redis.config('GET', 'maxmemory-policy');
  return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
}

/** The policy from the `maxmemory_policy:` line of `INFO memory`, the usual fallback when CONFIG is refused. */
async function policyFromInfo(redis: Redis): Promise<string | undefined> {
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/**
 * Reads the policy through `redis` (CONFIG GET, then INFO memory) and logs: an error when it is not
 * `noeviction`, a warning when it could not be read. Never throws: a refusal is a report, not a failure.
 */
export async function checkRedisPolicy(redis: Redis, log: Logger): Promise<RedisPolicyReport> {
  const failures: unknown[] = [];
  for (const [source, read] of [['config', policyFromConfig], ['info', policyFromInfo]] as const) {
    let policy: string | undefined;
    try {
      policy = await withTimeout(read(redis), CHECK_TIMEOUT_MS, `redis ${source}`);
    } catch (error) {
      failures.push(error);
      continue;
    }
    if (policy === undefined) continue;
    if (policy === REQUIRED_POLICY) {
      log.info({ policy, source }, 'redis maxmemory-policy is noeviction');
      return { state: 'ok', policy, source };
    }
    log.error(
      { policy, required: REQUIRED_POLICY, source },
      `REDIS MAXMEMORY-POLICY IS ${policy}, NOT ${REQUIRED_POLICY}: Redis will evict BullMQ jobs when it fills up; set maxmemory-policy noeviction`,
    );
    return { state: 'evicting', policy, source };
  }
  log.warn({ err: failures[failures.length - 1], required: REQUIRED_POLICY }, 'could not check the redis maxmemory-policy (CONFIG GET and INFO memory both failed); make sure it is noeviction');
  return { state: 'unknown' };
}

/**
 * Starts the check on a short-lived connection of its own and returns at once: `current()` is
 * `checking` until it is done (start-up never waits on it), then the report, for /readyz.
 */
export function watchRedisPolicy(redisUrl: string, log: Logger): { current(): RedisPolicyReport; done: Promise<RedisPolicyReport> } {
  let report: RedisPolicyReport = { state: 'checking' };
  const redis = new Redis(redisUrl, { lazyConnect: true, enableReadyCheck: false, connectTimeout: 2_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined); // The outcome is logged once below; connection errors would repeat it.
  const done = (async () => {
    try {
      await withTimeout(redis.connect(), CHECK_TIMEOUT_MS, 'redis connect');
    } catch (error) {
      log.warn({ err: error, required: REQUIRED_POLICY }, 'could not check the redis maxmemory-policy (no connection); make sure it is noeviction');
      return { state: 'unknown' } as const;
    }
    return checkRedisPolicy(redis, log);
  })().then((result) => {
    report = result;
    redis.disconnect();
    return result;
  });
  return { current: () => report, done };
}
