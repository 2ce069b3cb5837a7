import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffCommand } from '../../src/desk/staff-commands.ts';
import { findStaffByIdentity } from '../../src/store/desk-store.ts';
import { createPrismaClient, type PrismaClient } from '../../src/store/prisma.ts';
import { createSqlPool, type SqlPool } from '../../src/store/sql-pool.ts';
import { createTestDatabase } from '../support/test-database.ts';

describe('cli staff add | list | remove', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let sql: SqlPool;
  const lines: string[] = [];
  const run = (...args: string[]) => staffCommand(args, { prisma, hints: { telegram: '123456789' }, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) });

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url, 2);
    sql = createSqlPool(db.url, 2);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await sql?.end();
    await db?.drop();
  });

  it('adds a Telegram staff member under the bot id from the token, who the desk then recognises', async () => {
    expect(await run('add', '--platform', 'telegram', '--user', '5550001', '--name', 'Li Na')).toBe(0);
    expect(await findStaffByIdentity(sql, 'telegram', '123456789', '5550001')).toMatchObject({ name: 'Li Na', role: 'staff' });
    // The same user added again as a manager is updated, not duplicated.
    expect(await run('add', '--platform', 'telegram', '--user', '5550001', '--name', 'Li Na', '--role', 'manager')).toBe(0);
    expect(await prisma.staff.count()).toBe(1);
    expect(await findStaffByIdentity(sql, 'telegram', '123456789', '5550001')).toMatchObject({ role: 'manager' });
  });

  it('refuses a Slack user without a workspace it can find, and bad flags, with a usage line', async () => {
    expect(await run('add', '--platform', 'slack', '--user', 'U123')).toBe(2);
    expect(await run('add', '--platform', 'fax', '--user', 'U123')).toBe(2);
    expect(await run('fire')).toBe(2);
    expect(lines.filter((l) => l.startsWith('ERR')).length).toBeGreaterThanOrEqual(3);
  });

  it('removes by deactivating: the desk no longer recognises them, their cases keep the link', async () => {
    expect(await run('remove', '--platform', 'telegram', '--user', '5550001')).toBe(0);
    expect(await findStaffByIdentity(sql, 'telegram', '123456789', '5550001')).toBeNull();
    expect(await prisma.staff.count()).toBe(1);
    lines.length = 0;
    expect(await run('list')).toBe(0);
    expect(lines.join('\n')).toContain('inactive');
    expect(await run('remove', '--platform', 'telegram', '--user', 'nobody')).toBe(1);
  });
});
