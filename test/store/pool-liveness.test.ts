import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlPool, type SqlPool } from '../../src/store/sql-pool.ts';
import { startPoolLiveness } from '../../src/store/pool-liveness.ts';
import { createTestDatabase } from '../support/test-database.ts';

async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

describe('pool liveness', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: SqlPool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createSqlPool(db.url, 1);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('reports a pool that cannot make a round trip while the database answers a fresh connection', async () => {
    const liveness = startPoolLiveness({ databaseUrl: db.url, probes: [{ name: 'sql pool', roundTrip: () => pool.query('SELECT 1') }], wedgedAfterMs: 0, probeTimeoutMs: 500 });
    try {
      await liveness.check();
      expect(liveness.wedged()).toEqual([]);
      const held = await pool.connect(); // the pool's only connection, never given back: stuck
      await liveness.check();
      expect(liveness.wedged()).toEqual(['sql pool']);
      held.release();
      await liveness.check();
      expect(liveness.wedged()).toEqual([]);
    } finally {
      liveness.stop();
    }
  });

  it('does not blame the process when the database itself does not answer', async () => {
    const url = await refusedUrl();
    const down = createSqlPool(url, 1);
    const liveness = startPoolLiveness({ databaseUrl: url, probes: [{ name: 'sql pool', roundTrip: () => down.query('SELECT 1') }], wedgedAfterMs: 0, probeTimeoutMs: 500 });
    try {
      await liveness.check();
      expect(liveness.wedged()).toEqual([]);
    } finally {
      liveness.stop();
      await down.end();
    }
  });
});
