import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteWireServer, type DropEvent } from '../../src/store/pglite-wire-server.ts';
import { frontend, RawConnection, until } from '../support/raw-pg.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

// What any local process could do to the embedded database before: freeze it with a bad length,
// hold its one session by going quiet inside a transaction, grow the app's memory by not reading a
// big result, or simply log in with any password. Each case must end with the others served.
const PASSWORD = 'right-password';
const IDLE_MS = 300;
const CAP = 4 * 1024 * 1024;

describe.skipIf(!runsBackendIndependentTests)('embedded wire server under hostile or stuck clients', () => {
  let db: PGlite;
  let server: PGliteWireServer;
  let port: number;
  const drops: DropEvent[] = [];
  const url = (password = PASSWORD) => `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const raw = (keep?: number) => new RawConnection(port, keep);
  const answer = async (sql: string): Promise<unknown> => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('CREATE TABLE counter (id int primary key, n int not null); INSERT INTO counter VALUES (1, 0)');
    server = new PGliteWireServer(db, { password: PASSWORD, idleInTransactionTimeoutMs: IDLE_MS, maxBufferedBytes: CAP, onDrop: (e) => drops.push(e) });
    port = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  describe('authentication', () => {
    it('refuses a wrong password with 28P01 and a missing one, and lets the right one in', async () => {
      const wrong = new pg.Client({ connectionString: url('postgres') });
      await expect(wrong.connect()).rejects.toMatchObject({ code: '28P01' });
      const none = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await expect(none.connect()).rejects.toBeDefined();
      expect(await answer('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('runs nothing for a client that sends a query instead of its password', async () => {
      const c = raw();
      await c.connected();
      c.send(frontend.startup({ user: 'postgres', database: 'postgres' }));
      await until(() => c.messages().includes('R3'), 'a password request');
      c.send(frontend.query('UPDATE counter SET n = 99'));
      await until(() => c.closed, 'the connection to close');
      expect(c.messages()).not.toContain('Z');
      expect(await answer('SELECT n FROM counter')).toEqual([{ n: 0 }]);
    });

    it('closes a connection that never logs in', async () => {
      const quick = new PGliteWireServer(db, { password: PASSWORD, authTimeoutMs: 200 });
      const quickPort = await quick.listen();
      try {
        const silent = new RawConnection(quickPort);
        await silent.connected();
        await until(() => silent.closed, 'the silent connection to close');
        const halfway = new RawConnection(quickPort);
        await halfway.connected();
        halfway.send(frontend.startup({ user: 'postgres', database: 'postgres' }));
        await until(() => halfway.closed, 'the connection that never answered the password request to close');
        expect(halfway.messages()).toEqual(['R3']);
      } finally {
        await quick.close();
      }
    });
  });

  describe('message lengths', () => {
    const startupWithLength = (length: number) => {
      const b = Buffer.alloc(8);
      b.writeInt32BE(length, 0);
      b.writeInt32BE(196608, 4);
      return b;
    };
    it.each([
      ['a startup packet of length -8', startupWithLength(-8)],
      ['a startup packet of length 4', startupWithLength(4)],
      ['a startup packet of length 2^31-1', startupWithLength(0x7fffffff)],
      ['a startup packet of length 10 001', startupWithLength(10_001)],
    ])('closes the connection on %s and keeps serving', async (_label, bytes) => {
      const rss = process.memoryUsage().rss;
      const c = raw();
      await c.connected();
      c.send(bytes);
      await until(() => c.closed, 'the connection to close');
      expect(await answer('SELECT 2 AS two')).toEqual([{ two: 2 }]);
      expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    });

    it.each([
      ['51 ff ff ff ff', Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff])],
      ['a Query of length 0', Buffer.from([0x51, 0, 0, 0, 0])],
      ['a Query of length 3', Buffer.from([0x51, 0, 0, 0, 3])],
      ['a Sync of length 2^31-1', Buffer.from([0x53, 0x7f, 0xff, 0xff, 0xff])],
    ])('answers %s after login with an error, closes, and keeps serving', async (_label, bytes) => {
      const rss = process.memoryUsage().rss;
      const c = raw();
      await c.login(PASSWORD);
      c.send(bytes);
      await until(() => c.closed, 'the connection to close');
      expect(c.messages().at(-1)).toBe('E:08P01');
      expect(await answer('SELECT 3 AS three')).toEqual([{ three: 3 }]);
      expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    });
  });

  describe('a client idle inside a transaction', () => {
    it('is rolled back and dropped with 25P03, and the others go on', async () => {
      const stalled = new pg.Client({ connectionString: url() });
      const errors: unknown[] = [];
      stalled.on('error', (e: unknown) => errors.push(e));
      await stalled.connect();
      await stalled.query('BEGIN');
      await stalled.query('UPDATE counter SET n = -1 WHERE id = 1');
      // Queued behind the stalled transaction; completes once it is rolled back.
      expect(await answer('SELECT n FROM counter WHERE id = 1')).toEqual([{ n: 0 }]);
      await until(() => errors.length > 0, 'the stalled client to hear why it was dropped');
      expect(errors[0]).toMatchObject({ code: '25P03' });
      expect(drops).toContainEqual(expect.objectContaining({ reason: 'idle_in_transaction' }));
      await expect(stalled.query('SELECT 1')).rejects.toBeDefined();
    });

    it('counts an extended sequence left open by Flush the same, and does not commit it', async () => {
      const c = raw();
      await c.login(PASSWORD);
      c.send(frontend.extendedWithoutSync('INSERT INTO counter VALUES (2, 2)'));
      await until(() => c.messages().includes('C'), 'the INSERT to run');
      expect(await answer('SELECT count(*)::int AS rows FROM counter WHERE id = 2')).toEqual([{ rows: 0 }]);
      await until(() => c.closed, 'the connection to close');
      expect(c.messages().at(-1)).toBe('E:25P03');
    });

    it('leaves a client that is idle outside a transaction alone', async () => {
      const idle = new pg.Client({ connectionString: url() });
      await idle.connect();
      await idle.query('SELECT 1');
      await new Promise((r) => setTimeout(r, IDLE_MS * 3));
      expect((await idle.query('SELECT 4 AS four')).rows).toEqual([{ four: 4 }]);
      await idle.end();
    });
  });

  describe('a client that does not read its results', () => {
    it('is dropped once its unread output passes the cap, and the others go on', async () => {
      const rss = process.memoryUsage().rss;
      const slow = raw(64 * 1024);
      await slow.login(PASSWORD);
      slow.socket.pause();
      slow.send(frontend.query("BEGIN; UPDATE counter SET n = 7 WHERE id = 1; SELECT repeat('x', 1000000) FROM generate_series(1, 200)"));
      await until(() => drops.some((d) => d.reason === 'output_buffer_full'), 'the slow reader to be dropped');
      expect(await answer('SELECT n FROM counter WHERE id = 1')).toEqual([{ n: 0 }]);
      expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
      slow.socket.resume();
      await until(() => slow.closed, 'the slow reader to see the end of its connection');
      expect(slow.receivedBytes).toBeLessThan(100 * 1024 * 1024);
    });

    it('serves a reading client a result far larger than the cap when it comes in small units', async () => {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      let total = 0;
      for (let i = 0; i < 8; i++) {
        const { rows } = await client.query<{ s: string }>("SELECT repeat('y', 1000000) AS s FROM generate_series(1, 2)");
        total += rows.reduce((sum, r) => sum + r.s.length, 0);
      }
      expect(total).toBe(16_000_000);
      await client.end();
    });
  });
});
