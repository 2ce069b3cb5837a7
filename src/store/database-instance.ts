import { CodedError } from '../errors.ts';
import type { SqlPool } from './sql-pool.ts';

/**
 * This database's identity, a random UUID created once by its migration (one row). It namespaces
 * the queue jobs of this database. A missing row (deleted by hand) is recreated.
 */
export async function databaseInstanceId(sql: SqlPool): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    `WITH created AS (INSERT INTO "DatabaseInstance" DEFAULT VALUES ON CONFLICT DO NOTHING RETURNING id)
     SELECT id::text FROM created UNION ALL SELECT id::text FROM "DatabaseInstance"`,
  );
  const id = rows[0]?.id;
  if (!id) throw new CodedError('internal.unexpected', 'DatabaseInstance has no row');
  return id;
}
