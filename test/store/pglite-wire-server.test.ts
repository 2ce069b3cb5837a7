import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/store/embedded-postgres.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

// The embedded database must behave like a server for many clients at once: interleaved
// extended-protocol queries and transactions from separate connections must not corrupt each other.
describe.skipIf(!runsBackendIndependentTests)('embedded PostgreSQL wire server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-wire-'));
  let db: EmbeddedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await startEmbeddedPostgres(dir);
    pool = new pg.Pool({ connectionString: db.url, max: 12 });
    await pool.query('CREATE TABLE counter (id int primary key, n int not null)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs 400 parameterised queries from 12 connections without mixing them up', async () => {
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => pool.query<{ v: number; s: string }>('SELECT $1::int AS v, $2::text AS s', [i, `q${i}`])));
    results.forEach((r, i) => expect(r.rows[0]).toEqual({ v: i, s: `q${i}` }));
  });

  it('isolates concurrent transactions: 50 read-modify-write increments all count', async () => {
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
          await client.query('UPDATE counter SET n = $1 WHERE id = 1', [(rows[0]?.n ?? 0) + 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    expect((await pool.query<{ n: number }>('SELECT n FROM counter WHERE id = 1')).rows[0]?.n).toBe(50);
  });

  it('rolls back the transaction of a client that disconnects mid-way, and serves the others', async () => {
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined); // the test cuts this connection on purpose
    await client.connect();
    await client.query('BEGIN');
    await client.query('UPDATE counter SET n = -1 WHERE id = 1');
    const other = pool.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
    client.connection.stream.destroy();
    expect((await other).rows[0]?.n).toBe(50);
  });

  it('asks for the password made at this start: its URL works, the old fixed one does not', async () => {
    const url = new URL(db.url);
    expect(url.password).toMatch(/^[0-9a-f]{48}$/);
    url.password = 'postgres';
    const stranger = new pg.Client({ connectionString: url.toString() });
    await expect(stranger.connect()).rejects.toMatchObject({ code: '28P01' });
    expect((await pool.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('refuses a second owner of the same data directory', async () => {
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(/in use by process/);
  });
});

describe.skipIf(!runsBackendIndependentTests)('embedded PostgreSQL notifications', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-notify-'));
  let db: EmbeddedPostgres;
  beforeAll(async () => {
    db = await startEmbeddedPostgres(dir);
  });
  afterAll(async () => {
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('relays a NOTIFY from one client to the others that LISTEN on the channel, and only to them', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    const bystander = new pg.Client({ connectionString: db.url });
    const notifier = new pg.Client({ connectionString: db.url });
    await Promise.all([listener.connect(), bystander.connect(), notifier.connect()]);
    const heard: string[] = [];
    const overheard: string[] = [];
    listener.on('notification', (n) => heard.push(`${n.channel}:${n.payload ?? ''}`));
    bystander.on('notification', (n) => overheard.push(`${n.channel}:${n.payload ?? ''}`));
    await listener.query('-- as BullMQ writes it\nLISTEN jobs_ready;\n');
    await bystander.query('LISTEN "Other"');
    await notifier.query("SELECT pg_notify('jobs_ready', 'queue-a')");
    await notifier.query('NOTIFY jobs_ready, $$queue-b$$');
    for (let i = 0; i < 50 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['jobs_ready:queue-a', 'jobs_ready:queue-b']);
    expect(overheard).toEqual([]);
    await listener.query('UNLISTEN jobs_ready');
    await notifier.query("SELECT pg_notify('jobs_ready', 'queue-c')");
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toHaveLength(2);
    await Promise.all([listener.end(), bystander.end(), notifier.end()]);
  });
});
