import pg from 'pg';
import { CodedError } from '../errors.ts';

/**
 * A plain pg pool beside Prisma, for the few statements every message runs several times:
 * measured here, a raw query through Prisma's client costs about six times what it costs through
 * pg directly, and on the message path that CPU, not the database, was the limit.
 * Prisma runs on a pool made here too (see prisma.ts).
 */
export type SqlPool = pg.Pool;

/** How long a caller waits for a connection (a free pool slot, or a new socket) before an error. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The same wait on the embedded database: longer than its wire server's idle-in-transaction limit
 * (5 s), because there a new connection's handshake queues behind any client that holds PGlite's one
 * session. A client that stalls in a transaction is dropped after that limit; a caller waiting for a
 * connection meanwhile is then served, not refused with 503 (test/chaos/embedded-stall.test.ts).
 */
export const EMBEDDED_CONNECT_TIMEOUT_MS = 15_000;

/**
 * pg reports a lost connection ("Connection terminated unexpectedly", "not queryable") and a pool
 * wait that ran out with a bare `Error` that has no code. Those are the only bare `Error`s its query
 * and connect paths produce (server errors are `DatabaseError`s with a SQLSTATE, socket errors carry
 * errno codes, argument mistakes are TypeErrors), so they become `service.unavailable` here, before
 * anything above decides on them.
 */
export function codedDriverError(error: unknown): unknown {
  if (!(error instanceof Error) || error.constructor !== Error || 'code' in error) return error;
  return new CodedError('service.unavailable', `database connection failed: ${error.message}`, undefined, { cause: error });
}

type Callback = (error: unknown, ...rest: unknown[]) => void;

/** Calls `original` with `args`, passing any error through `codedDriverError`, for callback and promise styles. */
function withCodedErrors(original: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
  const last = args.at(-1);
  if (typeof last === 'function') {
    const callback = last as Callback;
    return Reflect.apply(original, self, [...args.slice(0, -1), (error: unknown, ...rest: unknown[]) => callback(codedDriverError(error), ...rest)]);
  }
  const result: unknown = Reflect.apply(original, self, args);
  return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(codedDriverError(error))) : result;
}

class CodedClient extends pg.Client {}
class CodedPool extends pg.Pool {}
for (const [target, source, method] of [
  [CodedClient.prototype, pg.Client.prototype, 'query'],
  [CodedPool.prototype, pg.Pool.prototype, 'connect'],
  // pool.query also answers with the client's 'error' event directly, past client.query.
  [CodedPool.prototype, pg.Pool.prototype, 'query'],
] as const) {
  const original = source[method] as (...args: unknown[]) => unknown;
  Object.defineProperty(target, method, {
    value: function (this: unknown, ...args: unknown[]) {
      return withCodedErrors(original, this, args);
    },
  });
}

/**
 * `asynchronousCommit`: this pool's commits do not wait for the WAL flush (synchronous_commit=off).
 * Only for writes whose loss in a database crash is harmless (the chat lease: a crash ends every
 * connection and with it every holder's work), never for anything merchants are told about.
 */
export function createSqlPool(databaseUrl: string, max = 10, options: { asynchronousCommit?: boolean; connectTimeoutMs?: number } = {}): SqlPool {
  // A bounded wait for a connection: an exhausted or unreachable pool answers with an error the
  // HTTP layer turns into 503, instead of a request that never ends. Keep-alive notices a peer
  // that vanished without closing the socket.
  const pool = new CodedPool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    keepAlive: true,
    Client: CodedClient,
    ...(options.asynchronousCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  // An idle client's error (database restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
