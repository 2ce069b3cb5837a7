import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationsDir, readMigrations } from '../../src/store/migrate.ts';
import { createPrismaClient, type PrismaClient } from '../../src/store/prisma.ts';
import { createTestDatabase } from '../support/test-database.ts';

describe('migrations', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url, 2);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('are all applied, once, and a second run applies nothing', async () => {
    const rows = await prisma.$queryRaw<Array<{ migration_name: string }>>`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    expect(await applyMigrations(db.url)).toEqual({ applied: [] });
  });

  it('refuse a migration whose file changed after it was applied', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.cpSync(migrationsDir, copy, { recursive: true });
    const first = readMigrations(copy)[0];
    if (!first) throw new Error('no migrations');
    fs.appendFileSync(path.join(copy, first.name, 'migration.sql'), '\n-- edited\n');
    await expect(applyMigrations(db.url, copy)).rejects.toThrow(/was changed after it was applied/);
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('keep the case event log append-only', async () => {
    const merchant = await prisma.merchant.create({ data: {} });
    const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: 'm1', merchantId: merchant.id } });
    const kase = await prisma.case.create({ data: { number: 'QP-20261125-0001', type: 'quality', status: 'reported', merchantId: merchant.id, chatId: chat.id } });
    const event = await prisma.caseEvent.create({ data: { caseId: kase.id, actorKind: 'merchant', kind: 'open' } });
    await expect(prisma.caseEvent.update({ where: { id: event.id }, data: { kind: 'forged' } })).rejects.toThrow();
    await expect(prisma.caseEvent.delete({ where: { id: event.id } })).rejects.toThrow();
    await expect(prisma.$executeRaw`DELETE FROM "CaseEvent"`).rejects.toThrow(/append-only/);
    expect((await prisma.caseEvent.findUniqueOrThrow({ where: { id: event.id } })).kind).toBe('open');
  });

  it('enforce the unique keys the product relies on', async () => {
    const chat = await prisma.chat.create({ data: { platform: 'telegram', workspace: 'bot1', externalChatId: '42' } });
    await prisma.inboundEvent.create({ data: { platform: 'telegram', dedupeKey: 'telegram:bot1:1001', chatId: chat.id, kind: 'message' } });
    await expect(prisma.inboundEvent.create({ data: { platform: 'telegram', dedupeKey: 'telegram:bot1:1001', chatId: chat.id, kind: 'message' } })).rejects.toThrow();
    await prisma.summaryPost.create({ data: { chatId: chat.id, kind: 'daily', day: '2026-11-25', content: {} } });
    await expect(prisma.summaryPost.create({ data: { chatId: chat.id, kind: 'daily', day: '2026-11-25', content: {} } })).rejects.toThrow();
  });
});

describe('migrations started by several processes at once', () => {
  it('are applied exactly once', async () => {
    const { createServerDatabase, serviceUrls } = await import('../support/services.ts');
    const { startEmbeddedPostgres } = await import('../../src/store/embedded-postgres.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-race-'));
    const empty = serviceUrls.database
      ? await createServerDatabase(serviceUrls.database)
      : await startEmbeddedPostgres(dir).then((e) => ({ url: e.url, drop: () => e.stop() }));
    try {
      const results = await Promise.all([applyMigrations(empty.url), applyMigrations(empty.url), applyMigrations(empty.url)]);
      const applied = results.map((r) => r.applied.length).sort();
      expect(applied).toEqual([0, 0, readMigrations().length]);
    } finally {
      await empty.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
