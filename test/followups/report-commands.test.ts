import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityCommand, summaryCommand, type ReportCommandContext } from '../../src/followups/report-commands.ts';
import { createPrismaClient, type PrismaClient } from '../../src/store/prisma.ts';
import { runCli } from '../support/cli-process.ts';
import { createTestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-11-26T10:00:00+08:00');

describe('cli summary and quality (commands on a real database, and the spawned CLI)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let lines: string[];
  const ctx = (): ReportCommandContext => ({ prisma, timeZone: 'Asia/Shanghai', now: () => NOW, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) });
  const out = () => lines.filter((l) => !l.startsWith('ERR')).join('\n');

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url, 2);
    const merchant = await prisma.merchant.create({ data: { displayName: 'm' } });
    const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: 'm', merchantId: merchant.id } });
    for (const [n, at] of [[1, '2026-11-26T09:00:00+08:00'], [2, '2026-11-25T09:00:00+08:00']] as const) {
      await prisma.case.create({ data: { number: `QP-2026112${n}-0001`, type: 'quality', status: 'reported', merchantId: merchant.id, chatId: chat.id, itemName: 'Cup ', problemCategory: 'damaged', openedAt: new Date(at) } });
    }
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('summary prints today (local) by default, another day with --date, JSON with --json, English with --lang en', async () => {
    lines = [];
    expect(await summaryCommand([], ctx())).toBe(0);
    expect(out()).toMatch(/^每日汇总 2026-11-26（截至 10:00）\n新案件：1 \(质量问题 1\)/);
    lines = [];
    expect(await summaryCommand(['--date', '2026-11-25', '--lang', 'en'], ctx())).toBe(0);
    expect(out()).toMatch(/^Daily summary 2026-11-25\nNew cases: 1 \(Quality problem 1\)\nOpen cases: 1/);
    lines = [];
    expect(await summaryCommand(['--date', '2026-11-25', '--json'], ctx())).toBe(0);
    expect(JSON.parse(out())).toMatchObject({ day: '2026-11-25', newCases: { total: 1 }, openCases: 1 });
  });

  it('refuses bad flags with a usage line and exit 2', async () => {
    lines = [];
    expect(await summaryCommand(['--date', '26.11.2026'], ctx())).toBe(2);
    expect(await summaryCommand(['--bogus'], ctx())).toBe(2);
    expect(await summaryCommand(['--lang', 'fr'], ctx())).toBe(2);
    expect(await qualityCommand(['--from', '2026-11-20'], ctx())).toBe(2);
    expect(await qualityCommand(['--from', '2026-11-20', '--to', '2026-11-20'], ctx())).toBe(2);
    expect(await qualityCommand(['action', 'add', '--cluster', 'damaged/cup', '--owner', 'Li'], ctx())).toBe(2);
    expect(await qualityCommand(['action', 'close'], ctx())).toBe(2);
    expect(await qualityCommand(['action', 'fly'], ctx())).toBe(2);
    expect(lines.filter((l) => l.startsWith('ERR usage:')).length).toBeGreaterThanOrEqual(5);
    expect(out()).toBe('');
  });

  it('quality: the last 7 days by default; an action on a cluster is listed, reported until closed, then gone', async () => {
    lines = [];
    expect(await qualityCommand(['--json'], ctx())).toBe(0);
    const evaluation = JSON.parse(out()) as { period: { from: string; to: string }; clusters: Array<{ key: string; count: number }> };
    expect(evaluation.period).toMatchObject({ from: '2026-11-20', to: '2026-11-27' });
    expect(evaluation.clusters).toEqual([expect.objectContaining({ key: 'damaged/cup', count: 2 })]);

    lines = [];
    expect(await qualityCommand(['action', 'add', '--cluster', ' Damaged/CUP ', '--owner', 'Li', '--due', '2026-11-25', '--title', 'Better packing'], ctx())).toBe(0);
    const id = /^added ([0-9a-f-]{36}):/.exec(out())![1]!;
    lines = [];
    expect(await qualityCommand(['action', 'list'], ctx())).toBe(0);
    expect(out()).toBe(`${id}  OVERDUE  due 2026-11-25  damaged/cup  Better packing  (owner Li)`);
    lines = [];
    expect(await qualityCommand(['--from', '2026-11-19', '--to', '2026-11-26', '--lang', 'en'], ctx())).toBe(0);
    expect(out()).toContain(`• ${id.slice(0, 8)} Better packing — owner Li, due 2026-11-25 (OVERDUE)`);
    lines = [];
    expect(await qualityCommand(['action', 'close', id], ctx())).toBe(0);
    expect(await qualityCommand(['action', 'close', id], ctx())).toBe(1);
    lines = [];
    expect(await qualityCommand(['--lang', 'en'], ctx())).toBe(0);
    expect(out()).toContain('Improvement actions (open): none');
    lines = [];
    expect(await qualityCommand(['action', 'list', '--all', '--json'], ctx())).toBe(0);
    expect(JSON.parse(out())).toEqual([expect.objectContaining({ id, status: 'closed' })]);
  });

  it('npm run cli -- summary --json and quality run as operators run them', { timeout: 120_000 }, async () => {
    const env = { DATABASE_URL: db.url, TZ_BUSINESS: 'Asia/Shanghai' };
    const summary = await runCli('summary', ['--date', '2026-11-26', '--json'], { unset: ['REDIS_URL'], env });
    expect(summary.code, summary.stderr).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({ day: '2026-11-26', newCases: { total: 1, byType: { quality: 1 } } });
    const quality = await runCli('quality', ['--from', '2026-11-20', '--to', '2026-11-27', '--lang', 'en'], { unset: ['REDIS_URL'], env });
    expect(quality.code, quality.stderr).toBe(0);
    expect(quality.stdout).toContain('Quality evaluation 2026-11-20 to 2026-11-26\nProblem clusters (category / item):\n• damaged/cup: 2 cases, 1 merchant (previous 0, new)');
    const bad = await runCli('summary', ['--date', 'tomorrow'], { unset: ['REDIS_URL'], env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: npm run --silent cli -- summary');
  });
});
