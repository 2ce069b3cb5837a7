import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
// The offline route: placeholders so the CLI never tries to download native engines.
const prismaEnv = (url: string) => ({ ...process.env, DATABASE_URL: url, PRISMA_QUERY_ENGINE_LIBRARY: 'prisma/schema.prisma', PRISMA_SCHEMA_ENGINE_BINARY: 'prisma/schema.prisma' });
const prisma = (args: string[], url: string) => run(path.join(root, 'node_modules/.bin/prisma'), args, { cwd: root, env: prismaEnv(url), timeout: 60_000 });

async function shape(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<Record<string, string>>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '') AS column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
    );
    const indexes = await client.query<Record<string, string>>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`);
    return [...columns.rows.map((r) => Object.values(r).join(' | ')), ...indexes.rows.map((r) => r.indexdef ?? '')];
  } finally {
    await client.end();
  }
}

// prisma/schema.prisma and prisma/migrations must describe the same database: a schema edit
// without a migration (or the reverse) fails here, and Prisma's own CLI agrees with our migrator.
describe('schema and migrations', () => {
  let migrated: Awaited<ReturnType<typeof createTestDatabase>>;
  let fromSchema: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    [migrated, fromSchema] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([migrated?.drop(), fromSchema?.drop()]);
  });

  it('prisma migrate deploy finds nothing to apply after our migrator ran', async () => {
    const { stdout } = await prisma(['migrate', 'deploy'], migrated.url);
    expect(stdout).toContain('No pending migrations to apply');
  });

  it('the migrations build exactly the tables and indexes schema.prisma describes', async () => {
    const { stdout: script } = await prisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], fromSchema.url);
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    try {
      // The test database arrives migrated: rebuild it from the schema alone.
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      await client.query(script);
    } finally {
      await client.end();
    }
    expect(await shape(migrated.url)).toEqual(await shape(fromSchema.url));
  });
});
