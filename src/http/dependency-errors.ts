/**
 * Whether an error means a dependency (database, queue) is unreachable rather than that the request
 * was bad or our code failed. Those answer 503, so a platform redelivers later; nothing else does.
 */
export function isDependencyDown(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      // Node socket errors, PostgreSQL connection-exception and shutdown classes, Prisma's "can't reach".
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'P1001', 'P1002', 'P1017'].includes(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
    }
    if (/Connection terminated|connect ECONNREFUSED|Connection is closed|timeout exceeded when trying to connect/i.test(e.message)) return true;
  }
  return false;
}
