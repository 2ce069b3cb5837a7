import { createTestDatabase } from '../support/test-database.ts';
import { createPrismaClient } from '../../src/store/prisma.ts';
import { createSqlPool } from '../../src/store/sql-pool.ts';
import { compare, type BenchOutput } from './summary.ts';


/**
 * sql: why the message path uses a plain pg pool. The same parameterised query, at the same
 * concurrency, through Prisma's raw query API and through pg directly.
 */
export async function benchSql(options: Record<string, string> = {}): Promise<BenchOutput> {
  const QUERIES = Number(options.queries ?? process.env.BENCH_QUERIES ?? (options.quick === 'true' ? 1000 : 4000));
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  const pool = createSqlPool(db.url);
  try {
    const run = async (query: () => Promise<unknown>) => {
      const start = performance.now();
      await Promise.all(Array.from({ length: 20 }, async () => {
        for (let i = 0; i < QUERIES / 20; i++) await query();
      }));
      return Math.round((QUERIES / (performance.now() - start)) * 1000);
    };
    // Warm both paths first (connections, query engine), then measure.
    await run(() => prisma.$queryRaw`SELECT ${1}::int AS x`);
    await run(() => pool.query('SELECT $1::int AS x', [1]));
    const viaPrisma = await run(() => prisma.$queryRaw`SELECT ${1}::int AS x`);
    const viaPg = await run(() => pool.query('SELECT $1::int AS x', [1]));
    const result = { database: db.embedded ? 'embedded' : 'external', prismaRawQueriesPerSecond: viaPrisma, pgQueriesPerSecond: viaPg, pgToPrismaRatio: Math.round((viaPg / viaPrisma) * 10) / 10 };
    console.log(`\n### sql (${result.database} database)\n\n| path | queries/s |\n|---|---|\n| Prisma $queryRaw | ${viaPrisma} |\n| pg pool | ${viaPg} |\n\npg / Prisma = ${result.pgToPrismaRatio}`);
    const setting = db.embedded ? 'embedded PGlite' : 'PostgreSQL';
    return { ...result, summary: [compare({ measure: 'same query, pg pool vs Prisma $queryRaw', setting, unit: 'queries/s', ours: viaPg, floorName: 'Prisma $queryRaw', floor: viaPrisma })] };
  } finally {
    await prisma.$disconnect();
    await pool.end();
    await db.drop();
  }
}
