import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchRedisPolicy } from '../../src/queues/redis-policy.ts';
import { freePort, startDisposableRedis, type DisposableRedis } from '../support/disposable-redis.ts';
import { serviceUrls } from '../support/services.ts';
import { capturedLogger } from '../support/telegram-doubles.ts';

/** The pino lines at `level` (50 error, 40 warn, 30 info), parsed. */
function linesAt(lines: string, level: number): Array<Record<string, unknown>> {
  return lines
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.level === level);
}

async function check(url: string) {
  const logs = capturedLogger('info');
  const watch = watchRedisPolicy(url, logs.log);
  expect(watch.current()).toEqual({ state: 'checking' });
  const report = await watch.done;
  expect(watch.current()).toEqual(report);
  return { report, lines: logs.lines() };
}

describe.skipIf(!serviceUrls.redis)('the maxmemory-policy check against the Redis at REDIS_URL', () => {
  it('reports the policy the server has, and logs an error only when it is not noeviction', async () => {
    const admin = new Redis(serviceUrls.redis ?? '', { lazyConnect: true });
    await admin.connect();
    const [, actual] = (await admin.config('GET', 'maxmemory-policy')) as [string, string];
    await admin.quit();
    const { report, lines } = await check(serviceUrls.redis ?? '');
    expect(report).toEqual({ state: actual === 'noeviction' ? 'ok' : 'evicting', policy: actual, source: 'config' });
    expect(linesAt(lines, 50)).toHaveLength(actual === 'noeviction' ? 0 : 1);
  });
});

describe('the maxmemory-policy check against a Redis that evicts', () => {
  let redis: DisposableRedis;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startDisposableRedis(['--maxmemory-policy', 'allkeys-lru']);
    admin = new Redis(redis.url, { lazyConnect: true });
    await admin.connect();
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  it('logs a loud error naming the policy found', async () => {
    const { report, lines } = await check(redis.url);
    expect(report).toEqual({ state: 'evicting', policy: 'allkeys-lru', source: 'config' });
    const [error] = linesAt(lines, 50);
    expect(error).toMatchObject({ policy: 'allkeys-lru', required: 'noeviction', source: 'config' });
    expect(error?.msg).toMatch(/MAXMEMORY-POLICY IS allkeys-lru, NOT noeviction/);
  });

  it('falls back to INFO memory when CONFIG is refused, as managed Redis does', async () => {
    await admin.call('ACL', 'SETUSER', 'default', '-config');
    try {
      const { report, lines } = await check(redis.url);
      expect(report).toEqual({ state: 'evicting', policy: 'allkeys-lru', source: 'info' });
      expect(linesAt(lines, 50)).toHaveLength(1);
    } finally {
      await admin.call('ACL', 'SETUSER', 'default', '+@all');
    }
  });

  it('warns that it could not check when CONFIG and INFO are both refused', async () => {
    await admin.call('ACL', 'SETUSER', 'default', '-config', '-info');
    try {
      const { report, lines } = await check(redis.url);
      expect(report).toEqual({ state: 'unknown' });
      expect(linesAt(lines, 50)).toHaveLength(0);
      expect(linesAt(lines, 40).map((l) => l.msg)).toEqual([expect.stringMatching(/could not check the redis maxmemory-policy \(CONFIG GET and INFO memory both failed\)/)]);
    } finally {
      await admin.call('ACL', 'SETUSER', 'default', '+@all');
    }
  });
});

describe('the maxmemory-policy check without a Redis', () => {
  it('warns once, does not throw, and reports unknown', async () => {
    const { report, lines } = await check(`redis://127.0.0.1:${await freePort()}`);
    expect(report).toEqual({ state: 'unknown' });
    expect(linesAt(lines, 40).map((l) => l.msg)).toEqual([expect.stringMatching(/no connection/)]);
  });
});
