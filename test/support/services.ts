import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Real services for integration tests. DATABASE_URL / REDIS_URL point at servers (CI sets both);
 * each test file gets its own database and Redis key prefix so parallel files never collide.
 * When CI=true a configured service that does not answer fails the run: it is never skipped.
 */
export const serviceUrls = { database: process.env.DATABASE_URL || undefined, redis: process.env.REDIS_URL || undefined };

/**
 * Backends the pipeline tests run against: the embedded default, plus real services when configured.
 * `TEST_MODES=services` keeps only the services (CI runs the embedded default in a pass of its own).
 */
export function modesUnderTest(): Array<'embedded' | 'services'> {
  const configured: Array<'embedded' | 'services'> = serviceUrls.database && serviceUrls.redis ? ['embedded', 'services'] : ['embedded'];
  const only = process.env.TEST_MODES?.split(',').map((m) => m.trim());
  const chosen = only ? configured.filter((mode) => only.includes(mode)) : configured;
  if (chosen.length === 0) throw new Error(`TEST_MODES=${process.env.TEST_MODES ?? ''} leaves no backend to test (configured: ${configured.join(', ')})`);
  return chosen;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL at DATABASE_URL is not reachable (${error instanceof Error ? error.message : String(error)}); tests that need it fail rather than skip`, { cause: error });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the DATABASE_URL server; `drop()` removes it. */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName('t');
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh Redis key prefix; `cleanup()` deletes every key under it. */
export async function createRedisPrefix(redisUrl: string): Promise<{ prefix: string; cleanup(): Promise<void> }> {
  const prefix = uniqueName('t');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true });
  // A test may stop this Redis on purpose (an outage): its errors then surface through commands, never as unhandled events.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at REDIS_URL is not reachable (${error instanceof Error ? error.message : String(error)}); tests that need it fail rather than skip`, { cause: error });
  }
  return {
    prefix,
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/**
 * Tests whose subject does not change with the backend (a spawned embedded process, the CLI without a database,
 * the console page in a browser) or is the embedded database itself (its wire server) run once per CI run: the
 * services-only pass (`TEST_MODES=services`) leaves them to the embedded pass that follows it. A plain `npm test`
 * always runs them.
 */
export const runsBackendIndependentTests = !(process.env.TEST_MODES ?? '')
  .split(',')
  .map((mode) => mode.trim())
  .every((mode) => mode === 'services');
