import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../src/store/desk-store.ts';
import { createPrismaClient, type PrismaClient } from '../../src/store/prisma.ts';
import { createTestDatabase } from '../support/test-database.ts';

// Every start adds the console operator; several processes starting together on a new database race on its identity.
describe('adding the same staff member from several processes at once', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('succeeds everywhere and leaves one staff member with one identity', async () => {
    const input = { platform: 'console', workspace: '', externalUserId: 'operator-race', name: 'Operator', role: 'manager', lang: 'zh-CN' } as const;
    const added = await Promise.allSettled(Array.from({ length: 8 }, () => addStaff(prisma, input)));
    expect(added.filter((a) => a.status === 'rejected')).toEqual([]);
    expect(await prisma.channelIdentity.count({ where: { externalUserId: 'operator-race' } })).toBe(1);
    expect(await prisma.staff.count({ where: { identities: { some: { externalUserId: 'operator-race' } } } })).toBe(1);
  });
});
