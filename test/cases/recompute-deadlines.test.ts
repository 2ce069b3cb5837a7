import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeEstimatedDeadlines } from '../../src/cases/recompute-deadlines.ts';
import { transitionCase } from '../../src/cases/transition-case.ts';
import { formatInZone } from '../../src/domain/calendar/index.ts';
import { SH, calendarWithOfficial2027, packagedCalendar, qualityDraft, startCaseTest, type CaseTestContext } from './case-fixtures.ts';

describe('recomputeEstimatedDeadlines (real database)', () => {
  let t: CaseTestContext;
  beforeAll(async () => {
    t = await startCaseTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('moves estimated 2027 deadlines once the official schedule is imported, with one event each; a second run changes nothing', async () => {
    t.setCalendar(packagedCalendar());
    const { merchantId, chatId } = await t.merchant('alice');
    const open = (at: string) => t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at: new Date(at) });
    const newYear = await open('2026-12-30T10:00:00+08:00');
    const springFestival = await open('2027-02-03T10:00:00+08:00');
    const workingSunday = await open('2027-01-29T10:00:00+08:00');
    const closed = await open('2027-02-04T10:00:00+08:00');
    await t.service.cancelCase({ merchantId, number: closed.number, at: new Date('2027-02-04T11:00:00+08:00') });
    for (const c of [newYear, springFestival, workingSunday]) expect(c.nextDeadline?.calendar).toBe('estimated');
    expect((await t.prisma.case.findUniqueOrThrow({ where: { id: newYear.id } })).calendarLabel).toBe('estimated');
    expect(formatInZone(springFestival.nextDeadline?.dueAt ?? new Date(0), SH)).toBe('2027-02-11T18:00:00+08:00');
    expect(await t.service.recomputeEstimatedDeadlines(new Date('2026-12-30T12:00:00+08:00'))).toBe(0);

    t.setCalendar(calendarWithOfficial2027());
    const runAt = new Date('2026-12-31T09:00:00+08:00');
    expect(await t.service.recomputeEstimatedDeadlines(runAt)).toBe(3);

    const expectations: Array<[string, string, string, boolean]> = [
      // The official 元旦 holiday falls on the same working days as the estimate: same time, now confirmed.
      [newYear.id, '2027-01-04T18:00:00+08:00', '2027-01-04T18:00:00+08:00', false],
      // 春节 runs 2/5–2/12 officially, not 2/5–2/8 plus make-up days.
      [springFestival.id, '2027-02-11T18:00:00+08:00', '2027-02-15T18:00:00+08:00', false],
      // Sunday 1/31 is an official working day: the deadline comes a day sooner.
      [workingSunday.id, '2027-02-02T18:00:00+08:00', '2027-02-01T18:00:00+08:00', true],
    ];
    for (const [caseId, from, to, movedEarlier] of expectations) {
      const row = await t.prisma.case.findUniqueOrThrow({ where: { id: caseId }, include: { deadlines: true, events: { orderBy: { id: 'asc' } } } });
      expect(row.calendarLabel).toBe('cn');
      expect(row.deadlines.map((d) => [d.step, formatInZone(d.dueAt, SH), d.calendarLabel])).toEqual([['first_contact', to, 'cn']]);
      expect(row.events.map((e) => e.kind)).toEqual(['open', 'deadline_changed']);
      expect(row.events[1]).toMatchObject({ actorKind: 'system', actorId: null, at: runAt });
      expect(row.events[1]?.data).toEqual({ step: 'first_contact', from: new Date(from).toISOString(), to: new Date(to).toISOString(), calendar: 'cn', fromCalendar: 'estimated', movedEarlier });
    }
    const summary = await t.service.findCase(merchantId, workingSunday.number);
    expect(summary?.nextDeadline).toMatchObject({ step: 'first_contact', calendar: 'cn' });
    expect(formatInZone(summary?.nextDeadline?.dueAt ?? new Date(0), SH)).toBe('2027-02-01T18:00:00+08:00');

    // The cancelled case's deadline is no longer running: left as it was.
    const untouched = await t.prisma.caseDeadline.findFirstOrThrow({ where: { caseId: closed.id } });
    expect(untouched.calendarLabel).toBe('estimated');
    expect(await t.prisma.caseEvent.count({ where: { caseId: closed.id, kind: 'deadline_changed' } })).toBe(0);

    expect(await t.service.recomputeEstimatedDeadlines(new Date('2026-12-31T10:00:00+08:00'))).toBe(0);
    expect(await t.prisma.caseEvent.count({ where: { kind: 'deadline_changed' } })).toBe(3);
  });

  it('leaves met deadlines alone and recomputes concurrently without double events', async () => {
    t.setCalendar(packagedCalendar());
    const { merchantId, chatId } = await t.merchant('bob');
    const met = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at: new Date('2027-03-01T10:00:00+08:00') });
    await transitionCase(t.deps, met.id, { event: 'contact', actor: { kind: 'staff', id: 's1' }, at: new Date('2027-03-01T11:00:00+08:00') });
    const running = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: { type: 'consultation_followup', description: '还有疑问' }, at: new Date('2027-09-30T10:00:00+08:00') });
    expect(running.nextDeadline).toMatchObject({ step: 'followup_contact', calendar: 'estimated' });

    t.setCalendar(calendarWithOfficial2027());
    const counts = await Promise.all([1, 2, 3].map(() => t.service.recomputeEstimatedDeadlines(new Date('2027-09-30T11:00:00+08:00'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await t.prisma.caseEvent.count({ where: { caseId: running.id, kind: 'deadline_changed' } })).toBe(1);
    expect(await t.prisma.caseEvent.count({ where: { caseId: met.id, kind: 'deadline_changed' } })).toBe(0);
    const after = await t.service.findCase(merchantId, running.number);
    expect(after?.nextDeadline?.calendar).toBe('cn');
    expect(formatInZone(after?.nextDeadline?.dueAt ?? new Date(0), SH)).toBe('2027-10-09T18:00:00+08:00');
  });

  it('reads the deadlines page by page: with a page of one, every estimated deadline is still recomputed, once', async () => {
    t.setCalendar(packagedCalendar());
    const { merchantId, chatId } = await t.merchant('carol');
    const opened = [];
    for (const at of ['2026-12-30T10:00:00+08:00', '2027-01-29T10:00:00+08:00', '2027-02-03T10:00:00+08:00']) {
      opened.push(await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at: new Date(at) }));
    }
    for (const c of opened) expect(c.nextDeadline?.calendar).toBe('estimated');

    t.setCalendar(calendarWithOfficial2027());
    expect(await recomputeEstimatedDeadlines(t.deps, new Date('2026-12-31T09:00:00+08:00'), { pageSize: 1 })).toBe(3);
    for (const c of opened) {
      expect(await t.prisma.caseDeadline.findFirstOrThrow({ where: { caseId: c.id } })).toMatchObject({ calendarLabel: 'cn' });
      expect(await t.prisma.caseEvent.count({ where: { caseId: c.id, kind: 'deadline_changed' } })).toBe(1);
    }
    expect(await recomputeEstimatedDeadlines(t.deps, new Date('2026-12-31T10:00:00+08:00'), { pageSize: 1 })).toBe(0);
  });
});
