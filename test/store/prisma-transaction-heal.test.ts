import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/store/migrate.ts';
import { createPrismaClient, type PrismaClient } from '../../src/store/prisma.ts';
import { startDisposablePostgres, type DisposablePostgres } from '../support/disposable-postgres.ts';

const POOL_SIZE = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the promise, or rejects once `ms` have passed: a hang fails the test instead of stalling it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(100);
}

describe('Prisma transactions across a PostgreSQL crash', () => {
  let db: DisposablePostgres;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await startDisposablePostgres();
    await applyMigrations(db.url);
    prisma = createPrismaClient(db.url, POOL_SIZE);
  });
  afterAll(async () => {
    await within(prisma.$disconnect(), 10_000, 'prisma.$disconnect').catch(() => undefined);
    await db.stop();
  });

  it('30 concurrent $transaction loops commit again after the postmaster is killed and restarted, on a full pool', async () => {
    let running = true;
    let restarted = false;
    const okAfterRestart = new Set<number>();
    const loop = async (n: number) => {
      while (running) {
        try {
          await prisma.$transaction(async (tx) => {
            await tx.$executeRaw`INSERT INTO "CaseNumberCounter" ("prefix", "day", "last") VALUES ('TX', ${String(n)}, 1)
              ON CONFLICT ("prefix", "day") DO UPDATE SET "last" = "CaseNumberCounter"."last" + 1`;
            // Idle in transaction, the way a transaction between two of its statements is: most of
            // the pool's connections are held like this when the database dies.
            await sleep(100);
            await tx.chat.findFirst({ select: { id: true } });
          }, { maxWait: 5_000, timeout: 10_000 });
          if (restarted) okAfterRestart.add(n);
        } catch {
          await sleep(50);
        }
      }
    };
    const loops = Array.from({ length: 30 }, (_, n) => loop(n));
    await sleep(1_000);
    await db.kill();
    await sleep(2_000);
    await db.start();
    restarted = true;

    await waitUntil(() => okAfterRestart.size === 30, 30_000);
    running = false;
    expect(okAfterRestart.size).toBe(30);
    await within(Promise.all(loops), 15_000, 'transaction loops to finish');

    // Every connection of the pool came back: POOL_SIZE transactions can be open at the same time.
    let inside = 0;
    const together = Array.from({ length: POOL_SIZE }, () =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1`;
        inside += 1;
        await waitUntil(() => inside === POOL_SIZE, 10_000);
        return inside;
      }, { maxWait: 15_000, timeout: 15_000 }),
    );
    expect(await within(Promise.all(together), 20_000, 'a full pool of transactions')).toEqual(Array(POOL_SIZE).fill(POOL_SIZE));
  });
});
