import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/errors.ts';
import { isDependencyDown } from '../../src/dependency-errors.ts';
import { codedDriverError } from '../../src/store/sql-pool.ts';

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
    ['our own coded unavailability', new CodedError('service.unavailable', 'x')],
    ["pg's code-less lost connection, once the pool coded it", codedDriverError(new Error('Connection terminated unexpectedly'))],
    ["Prisma's raw-query error over an unreachable database", Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: Object.assign(new Error('DatabaseNotReachable'), { cause: { kind: 'DatabaseNotReachable' } }) } })],
    ["the driver adapter's PostgreSQL shutdown", Object.assign(new Error('DriverAdapterError'), { cause: { kind: 'postgres', originalCode: '57P03' } })],
  ])('recognises %s', (_label, error) => {
    expect(isDependencyDown(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'oops'],
    ['a coded bug', new CodedError('internal.unexpected', 'x')],
    ["Prisma's raw-query error over a unique violation", Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: Object.assign(new Error('x'), { cause: { kind: 'UniqueConstraintViolation', originalCode: '23505' } }) } })],
    ['a TypeError passed through the pool', codedDriverError(new TypeError('values must be an array'))],
  ])('does not blame the dependency for %s', (_label, error) => {
    expect(isDependencyDown(error)).toBe(false);
  });
});
