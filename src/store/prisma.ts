import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';
import { releasingTransactions } from './prisma-adapter.ts';
import { createSqlPool } from './sql-pool.ts';

export { Prisma } from './generated/client.ts';
export type { PrismaClient };

/**
 * Prisma client over the pg driver adapter (no native query engine), on a pool of our own making
 * (connect timeout, keep-alive, idle errors handled: see sql-pool.ts), with transactions that give
 * their connection back even when the database died under them (see prisma-adapter.ts).
 */
export function createPrismaClient(databaseUrl: string, poolSize = 10, options: { connectTimeoutMs?: number } = {}): PrismaClient {
  const pool = createSqlPool(databaseUrl, poolSize, options);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, onPoolError: () => undefined, onConnectionError: () => undefined });
  return new PrismaClient({ adapter: releasingTransactions(adapter) });
}
