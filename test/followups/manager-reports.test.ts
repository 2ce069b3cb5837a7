import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDailySummary, postDailySummary } from '../../src/followups/daily-summary.ts';
import { buildQualityEvaluation, postQualityEvaluation } from '../../src/followups/quality-evaluation.ts';
import type { ReportDeps } from '../../src/followups/report-deps.ts';
import type { Touched } from '../../src/store/case-outbox-store.ts';
import { addImprovementAction, closeImprovementAction, listImprovementActions } from '../../src/store/improvement-action-store.ts';
import { qualityDraft, returnDraft, startCaseTest, type CaseTestContext } from '../cases/case-fixtures.ts';
import { startRoundTripCounter } from '../bench/pg-round-trips.ts';

const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const DAY = '2026-11-26'; // a Thursday, a working day

describe('manager reports on a real database: daily summary, quality evaluation, posting once per desk', () => {
  let t: CaseTestContext;
  let deps: ReportDeps;
  const delivered: Touched[] = [];
  let zhDesk: string;
  let enDesk: string;
  let wang: string;
  let quality: { id: string; number: string };

  beforeAll(async () => {
    t = await startCaseTest();
    deps = { ...t.deps, onOutbox: (chats) => delivered.push(chats) };
    wang = (await t.prisma.staff.create({ data: { name: 'Wang' } })).id;
    zhDesk = (await t.prisma.chat.create({ data: { platform: 'console', externalChatId: 'desk:manager', kind: 'manager' } })).id;
    enDesk = (await t.prisma.chat.create({ data: { platform: 'telegram', workspace: '42', externalChatId: '-100', kind: 'manager', lang: 'en' } })).id;

    // The day: two quality cases (one contacted after 90 min and assigned to Wang), a return, and a complaint; one earlier case overdue.
    const a = await t.merchant('alice');
    const b = await t.merchant('bob');
    const overdue = await t.service.openCase({ ...a, lang: 'zh-CN', draft: { ...qualityDraft, itemName: 'Kettle', problemCategory: 'defect' }, at: at('2026-11-20 10:00') });
    quality = await t.service.openCase({ ...a, lang: 'zh-CN', draft: qualityDraft, at: at('2026-11-26 09:00') });
    await t.service.openCase({ ...b, lang: 'zh-CN', draft: { ...qualityDraft, itemName: ' 保温杯 ' }, at: at('2026-11-26 10:00') });
    await t.service.openCase({ ...b, lang: 'en', draft: returnDraft('2026-11-24'), at: at('2026-11-26 11:00') });
    const complaint = await t.service.openCase({ ...b, lang: 'zh-CN', draft: { type: 'complaint', description: 'rude', accusedName: 'Wang' }, at: at('2026-11-26 12:00') });
    await t.prisma.complaint.update({ where: { caseId: complaint.id }, data: { accusedStaffId: wang, createdAt: at('2026-11-26 12:00') } });
    await t.prisma.case.update({ where: { id: quality.id }, data: { assigneeId: wang } });
    await t.prisma.caseDeadline.updateMany({ where: { caseId: quality.id, step: 'first_contact' }, data: { metAt: at('2026-11-26 10:30') } });
    await t.prisma.satisfactionRating.create({ data: { caseId: overdue.id, staffId: wang, score: 2, createdAt: at('2026-11-26 15:00') } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('computes the day from the database rows', async () => {
    const s = await buildDailySummary(deps, { day: DAY, now: at('2026-11-27 09:00') });
    expect(s.newCases).toEqual({ total: 4, byType: { quality: 2, return: 1, exchange: 0, consultation_followup: 0, complaint: 1 } });
    expect(s.openCases).toBe(5);
    expect(s.firstContact).toEqual({ count: 1, medianMinutes: 90 });
    expect(s.satisfaction).toEqual({ count: 1, average: 2 });
    expect(s.complaints).toBe(1);
    expect(s.breached).toBeGreaterThanOrEqual(1); // the Kettle case of the 20th is past its first-contact deadline
    expect(s.attention[0]).toMatchObject({ reasons: expect.arrayContaining(['breached', 'low_satisfaction']) });
    expect(s.sla.compliancePercent).not.toBeNull();
  });

  it('two workers posting at once: one SummaryPost and one message per manager desk, each in its language', async () => {
    const now = at('2026-11-26 09:05');
    const results = await Promise.all([postDailySummary(deps, { day: DAY, now }), postDailySummary(deps, { day: DAY, now })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already_posted', 'posted']);
    expect(results.flatMap((r) => r.touched).map((c) => c.chatId).sort()).toEqual([zhDesk, enDesk].sort());
    expect(delivered.flat().map((c) => c.chatId).sort()).toEqual([zhDesk, enDesk].sort());
    const posts = await t.prisma.summaryPost.findMany({ where: { kind: 'daily', day: DAY } });
    expect(posts.map((p) => p.chatId).sort()).toEqual([zhDesk, enDesk].sort());
    const messages = await t.prisma.outboundMessage.findMany({ where: { chatId: { in: [zhDesk, enDesk] }, caseId: null }, orderBy: { chatId: 'asc' } });
    expect(messages).toHaveLength(2);
    const byChat = new Map(messages.map((m) => [m.chatId, m]));
    expect(byChat.get(zhDesk)).toMatchObject({ status: 'delivered', text: expect.stringMatching(/^每日汇总 2026-11-26（截至 09:05）/) });
    expect(byChat.get(enDesk)).toMatchObject({ status: 'pending', text: expect.stringMatching(/^Daily summary 2026-11-26 \(as of 09:05\)/) });
    expect(posts[0]!.content).toMatchObject({ day: DAY, newCases: { total: 1 } });

    // A later call the same day (a retry, a catch-up after downtime, every start) posts nothing more, and reads
    // no report rows: with many open cases that read is a pass over all of them.
    const counter = startRoundTripCounter();
    try {
      expect(await postDailySummary(deps, { day: DAY, now: at('2026-11-26 18:00') })).toEqual({ touched: [], outcome: 'already_posted' });
      const statements = [...counter.snapshot().byStatement.keys()];
      expect(statements.length).toBeGreaterThan(0);
      // reportRows' first read (running deadlines) and its ratings read.
      expect(statements.filter((s) => /d\."caseId", d\.step|r\."caseId", r\."staffId"/.test(s))).toEqual([]);
    } finally {
      counter.stop();
    }
    expect(await t.prisma.outboundMessage.count({ where: { chatId: { in: [zhDesk, enDesk] }, caseId: null } })).toBe(2);
  });

  it('posts nothing on a day off', async () => {
    expect(await postDailySummary(deps, { day: '2026-11-28', now: at('2026-11-28 10:00') })).toEqual({ touched: [], outcome: 'non_working_day' });
    expect(await t.prisma.summaryPost.count({ where: { day: '2026-11-28' } })).toBe(0);
  });

  it('improvement actions: added with the owner linked by name, listed while open, closed once', async () => {
    const action = await addImprovementAction(t.prisma, { clusterKey: 'damaged/保温杯', title: 'Better packing', ownerName: 'Wang', dueOn: '2026-11-25' });
    expect(action).toMatchObject({ ownerStaffId: wang, dueOn: '2026-11-25', status: 'open' });
    const other = await addImprovementAction(t.prisma, { clusterKey: 'defect/kettle', title: 'Supplier audit', ownerName: 'Nobody Known', dueOn: '2026-12-31' });
    expect(other.ownerStaffId).toBeNull();
    expect((await listImprovementActions(t.prisma)).map((a) => a.id)).toEqual([action.id, other.id]);
    expect(await closeImprovementAction(t.prisma, other.id, at('2026-11-26 16:00'), 'done')).toBe(true);
    expect(await closeImprovementAction(t.prisma, other.id, at('2026-11-26 16:00'))).toBe(false);
    expect((await listImprovementActions(t.prisma)).map((a) => a.id)).toEqual([action.id]);
    expect((await listImprovementActions(t.prisma, 'all')).find((a) => a.id === other.id)).toMatchObject({ status: 'closed', note: 'done', closedAt: at('2026-11-26 16:00') });
  });

  it('evaluates quality: clusters across merchants, staff figures, open actions flagged overdue', async () => {
    const e = await buildQualityEvaluation(deps, { from: '2026-11-20', to: '2026-11-27', now: at('2026-11-27 09:00') });
    expect(e.clusters.find((c) => c.key === 'damaged/保温杯')).toMatchObject({ count: 2, merchants: 2, previousCount: 0, trend: 'new' });
    expect(e.clusters.find((c) => c.key === 'defect/kettle')).toMatchObject({ count: 1, merchants: 1 });
    expect(e.staff).toEqual([expect.objectContaining({ name: 'Wang', casesHandled: 1, complaints: 1, satisfaction: { count: 1, average: 2 } })]);
    expect(e.actions).toEqual([expect.objectContaining({ clusterKey: 'damaged/保温杯', overdue: true, clusterCount: 2 })]);
  });

  it('posts the weekly evaluation once per desk and week', async () => {
    const now = at('2026-11-30 09:00');
    const [first, second] = await Promise.all([postQualityEvaluation(deps, { weekStart: '2026-11-30', now }), postQualityEvaluation(deps, { weekStart: '2026-11-30', now })]);
    expect([first.outcome, second.outcome].sort()).toEqual(['already_posted', 'posted']);
    const posts = await t.prisma.summaryPost.findMany({ where: { kind: 'quality' } });
    expect(posts.map((p) => [p.chatId, p.day]).sort()).toEqual([[zhDesk, '2026-11-30'], [enDesk, '2026-11-30']].sort());
    const texts = await t.prisma.outboundMessage.findMany({ where: { chatId: enDesk, text: { startsWith: 'Quality evaluation' } }, select: { text: true } });
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain('Quality evaluation 2026-11-23 to 2026-11-29');
    expect(texts[0]!.text).toContain('damaged/保温杯: 2 cases, 2 merchants (previous 0, new)');
  });
});
