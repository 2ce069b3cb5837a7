import { asCodedError, CodedError } from './errors.ts';

// Node socket errors; Prisma's "can't reach", "connection timed out", "server closed the connection".
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'P1001', 'P1002', 'P1008', 'P1017']);
// PostgreSQL SQLSTATEs: admin/crash shutdown, cannot connect now, too many connections (class 08 below).
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
// Prisma driver adapters' error kinds (`DriverAdapterError.cause.kind`).
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'SocketTimeout', 'ConnectionClosed', 'TooManyConnections']);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function isUnavailableSqlState(code: unknown): boolean {
  return typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

/**
 * Whether an error means a dependency (database, queue) is unreachable rather than that the request
 * was bad or our code failed. Those answer 503, so a platform redelivers later; nothing else does.
 * Decides on codes only: our own (`service.unavailable`, which src/store/sql-pool.ts gives pg's
 * code-less connection errors), Node's, PostgreSQL's SQLSTATE, Prisma's, and the driver adapter's
 * error kind, following `cause` and Prisma's `meta.driverAdapterError`.
 */
export function isDependencyDown(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 6; depth++) {
    if (e instanceof CodedError) return e.code === 'service.unavailable' || e.code === 'service.overloaded';
    const code = field(e, 'code');
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || isUnavailableSqlState(code)) return true;
    const kind = field(e, 'kind');
    if ((typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) || isUnavailableSqlState(field(e, 'originalCode'))) return true;
    e = field(e, 'cause') ?? field(field(e, 'meta'), 'driverAdapterError');
  }
  return false;
}

/**
 * A thrown error as the code to answer with: `service.unavailable` (503, the sender retries later) when a
 * dependency is down (see {@link isDependencyDown}), else the error's own code or `internal.unexpected`.
 * Every edge that answers a sender (the HTTP server, the platform webhooks) decides with this one rule.
 */
export function asAnswerableError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  return isDependencyDown(error) ? new CodedError('service.unavailable', 'a dependency is unavailable; try again later', undefined, { cause: error }) : asCodedError(error);
}
