import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDependencyDown } from '../../src/http/dependency-errors.ts';

describe('isDependencyDown', () => {
  it('recognises a database that refuses connections (a real refused socket)', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 2_000 });
    const error = await client.connect().then(() => null, (e: unknown) => e);
    expect(isDependencyDown(error)).toBe(true);
  });

  it.each([
    ['a PostgreSQL admin shutdown', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection exception class 08', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a wrapped cause', new Error('query failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('recognises %s', (_label, error) => {
    expect(isDependencyDown(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'oops'],
  ])('does not blame the dependency for %s', (_label, error) => {
    expect(isDependencyDown(error)).toBe(false);
  });
});
