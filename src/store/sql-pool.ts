import pg from 'pg';

/**
 * A plain pg pool beside Prisma, for the few statements every message runs several times:
 * measured here, a raw query through Prisma's client costs about six times what it costs through
 * pg directly, and on the message path that CPU, not the database, was the limit.
 */
export type SqlPool = pg.Pool;

export function createSqlPool(databaseUrl: string, max = 10): SqlPool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle client's error (database restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
