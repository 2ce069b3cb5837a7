import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../src/domain/cases/case-machines.ts';
import { computeDailySummary, daySpan, type DailySummaryInput } from '../../../src/domain/reports/daily-summary.ts';
import type { ReportCase, ReportDeadline } from '../../../src/domain/reports/report-rows.ts';
import { slaVerdict } from '../../../src/domain/reports/sla-verdict.ts';
import { median } from '../../../src/domain/reports/stats.ts';
import { SH, aCase, aDeadline, at } from './report-fixtures.ts';

const DAY = '2026-11-26';
const base = (over: Partial<DailySummaryInput>): DailySummaryInput => ({ day: DAY, timeZone: SH, now: at('2026-11-27 09:00'), cases: [], deadlines: [], ratings: [], complaints: [], ...over });

describe('daySpan', () => {
  it('is the local day in the zone, as instants', () => {
    expect(daySpan(DAY, SH)).toEqual({ start: new Date('2026-11-25T16:00:00Z'), end: new Date('2026-11-26T16:00:00Z') });
    // A 23-hour day in New York (DST ends 2026-11-01 there: 25 hours).
    const ny = daySpan('2026-11-01', 'America/New_York');
    expect(ny.end.getTime() - ny.start.getTime()).toBe(25 * 3_600_000);
  });
});

describe('slaVerdict', () => {
  const due = at('2026-11-26 18:00');
  const started = at('2026-11-25 10:00');
  it('met on or before the due time: on time, at the meeting', () => {
    expect(slaVerdict(aDeadline('c', { startedAt: started, dueAt: due, metAt: due }))).toEqual({ at: due, onTime: true });
    expect(slaVerdict(aDeadline('c', { startedAt: started, dueAt: due, metAt: at('2026-11-26 09:00') }))).toEqual({ at: at('2026-11-26 09:00'), onTime: true });
  });
  it('met late, still running, or cancelled after being missed: late, at the due time', () => {
    expect(slaVerdict(aDeadline('c', { startedAt: started, dueAt: due, metAt: at('2026-11-26 18:01') }))).toEqual({ at: due, onTime: false });
    expect(slaVerdict(aDeadline('c', { startedAt: started, dueAt: due }))).toEqual({ at: due, onTime: false });
    expect(slaVerdict(aDeadline('c', { startedAt: started, dueAt: due, cancelledAt: at('2026-11-27 09:00') }))).toEqual({ at: due, onTime: false });
  });
  it('cancelled before the due time and never met: no verdict', () => {
    expect(slaVerdict(aDeadline('c', { startedAt: started, dueAt: due, cancelledAt: at('2026-11-26 12:00') }))).toBeNull();
  });
});

describe('computeDailySummary', () => {
  it('counts new cases by type within the local day only (not the UTC day)', () => {
    const cases = [
      aCase({ type: 'quality', openedAt: at('2026-11-26 00:00') }),
      aCase({ type: 'quality', openedAt: at('2026-11-26 23:59') }),
      aCase({ type: 'return', openedAt: at('2026-11-26 07:30') }), // 2026-11-25T23:30Z: the UTC day before
      aCase({ type: 'complaint', openedAt: at('2026-11-25 23:59') }), // the day before
      aCase({ type: 'exchange', openedAt: at('2026-11-27 00:00') }), // the day after
    ];
    const s = computeDailySummary(base({ cases }));
    expect(s.newCases).toEqual({ total: 3, byType: { quality: 2, return: 1, exchange: 0, consultation_followup: 0, complaint: 0 } });
    expect(s.openCases).toBe(4); // open at the end of the day: the one opened the next day is not
  });

  it('stops a day not yet over at now: later cases and deadlines are not counted', () => {
    const cases = [aCase({ openedAt: at('2026-11-26 08:00') }), aCase({ openedAt: at('2026-11-26 10:00') })];
    const s = computeDailySummary(base({ cases, now: at('2026-11-26 09:00') }));
    expect(s.newCases.total).toBe(1);
    expect(s.openCases).toBe(1);
    expect(s.period.asOf).toBe(at('2026-11-26 09:00').toISOString());
  });

  it('open cases exclude those closed by the end of the day, include those closed later', () => {
    const cases = [
      aCase({ openedAt: at('2026-11-20 10:00'), closedAt: at('2026-11-26 12:00') }),
      aCase({ openedAt: at('2026-11-20 10:00'), closedAt: at('2026-11-27 12:00') }),
      aCase({ openedAt: at('2026-11-20 10:00') }),
    ];
    expect(computeDailySummary(base({ cases })).openCases).toBe(2);
  });

  it('due today: running deadlines of open cases due later that day; breached: breached that day or running past due', () => {
    const open = aCase({ openedAt: at('2026-11-25 10:00'), assigneeId: 's1' });
    const now = at('2026-11-26 09:00');
    const deadlines: ReportDeadline[] = [
      aDeadline(open.id, { step: 'a', startedAt: at('2026-11-25 10:00'), dueAt: at('2026-11-26 18:00') }), // due today
      aDeadline(open.id, { step: 'b', startedAt: at('2026-11-25 10:00'), dueAt: at('2026-11-27 18:00') }), // due tomorrow
      aDeadline(open.id, { step: 'c', startedAt: at('2026-11-20 10:00'), dueAt: at('2026-11-24 18:00') }), // running past due (no breachedAt yet)
      aDeadline(open.id, { step: 'd', startedAt: at('2026-11-20 10:00'), dueAt: at('2026-11-25 18:00'), breachedAt: at('2026-11-25 18:01') }), // breached the day before, still running
      aDeadline(open.id, { step: 'e', startedAt: at('2026-11-25 10:00'), dueAt: at('2026-11-26 18:00'), metAt: at('2026-11-26 08:00') }), // met: not due
    ];
    const s = computeDailySummary(base({ cases: [open], deadlines, now }));
    expect(s.dueToday).toBe(1);
    expect(s.breached).toBe(2);
    expect(s.attention).toEqual([{ number: open.number, type: 'quality', reasons: ['breached', 'due_today'] }]);
  });

  it('a deadline breached during the day counts once even if met afterwards; a breach of a closed case is not attention', () => {
    const closed = aCase({ openedAt: at('2026-11-20 10:00'), closedAt: at('2026-11-26 15:00'), assigneeId: 's1' });
    const deadlines = [aDeadline(closed.id, { startedAt: at('2026-11-20 10:00'), dueAt: at('2026-11-26 09:00'), breachedAt: at('2026-11-26 09:00'), metAt: at('2026-11-26 14:00') })];
    const s = computeDailySummary(base({ cases: [closed], deadlines }));
    expect(s.breached).toBe(1);
    expect(s.attention).toEqual([]);
    expect(s.sla).toEqual({ onTime: 0, decided: 1, compliancePercent: 0 });
  });

  it('SLA compliance: verdicts reached in the day, on time ÷ all', () => {
    const c = aCase({ openedAt: at('2026-11-20 10:00'), closedAt: at('2026-11-26 20:00'), assigneeId: 's1' });
    const d = (step: string, over: Partial<ReportDeadline>) => aDeadline(c.id, { step, startedAt: at('2026-11-20 10:00'), dueAt: at('2026-11-26 18:00'), ...over });
    const deadlines = [
      d('on-time-1', { metAt: at('2026-11-26 10:00') }),
      d('on-time-2', { metAt: at('2026-11-26 18:00') }),
      d('on-time-3', { metAt: at('2026-11-26 11:00') }),
      d('late', { metAt: at('2026-11-26 19:00') }), // missed at 18:00 today
      d('cancelled-early', { cancelledAt: at('2026-11-26 12:00') }), // no verdict
      d('met-yesterday', { dueAt: at('2026-11-26 18:00'), metAt: at('2026-11-25 17:00') }), // verdict yesterday
      d('missed-tomorrow', { dueAt: at('2026-11-27 18:00') }), // not decided yet
    ];
    expect(computeDailySummary(base({ cases: [c], deadlines })).sla).toEqual({ onTime: 3, decided: 4, compliancePercent: 75 });
    expect(computeDailySummary(base({ cases: [c], deadlines: [] })).sla).toEqual({ onTime: 0, decided: 0, compliancePercent: null });
  });

  it('median time to first contact over quality cases contacted that day', () => {
    const q = (opened: string, met: string, type: ReportCase['type'] = 'quality') => {
      const c = aCase({ type, openedAt: at(opened) });
      return { c, d: aDeadline(c.id, { startedAt: at(opened), dueAt: at('2026-11-27 18:00'), metAt: at(met) }) };
    };
    const rows = [q('2026-11-26 09:00', '2026-11-26 09:30'), q('2026-11-26 09:00', '2026-11-26 11:00'), q('2026-11-25 16:00', '2026-11-26 10:00'), q('2026-11-26 09:00', '2026-11-26 09:01', 'return'), q('2026-11-25 09:00', '2026-11-25 10:00')];
    const s = computeDailySummary(base({ cases: rows.map((r) => r.c), deadlines: rows.map((r) => r.d) }));
    // 30, 120 and 18 h (1080) minutes: the return is another step's clock, the contact of the day before is out.
    expect(s.firstContact).toEqual({ count: 3, medianMinutes: 120 });
  });

  it('satisfaction average and complaints of the day; a low score is attention even on a closed case', () => {
    const c1 = aCase({ openedAt: at('2026-11-20 10:00'), closedAt: at('2026-11-25 10:00') });
    const c2 = aCase({ openedAt: at('2026-11-20 10:00'), closedAt: at('2026-11-25 10:00') });
    const ratings = [
      { caseId: c1.id, staffId: null, score: 2, createdAt: at('2026-11-26 10:00') },
      { caseId: c2.id, staffId: null, score: 5, createdAt: at('2026-11-26 11:00') },
      { caseId: 'old', staffId: null, score: 1, createdAt: at('2026-11-25 11:00') },
    ];
    const complaints = [{ caseId: c1.id, accusedStaffId: 's1', createdAt: at('2026-11-26 12:00') }, { caseId: c2.id, accusedStaffId: null, createdAt: at('2026-11-27 12:00') }];
    const s = computeDailySummary(base({ cases: [c1, c2], ratings, complaints }));
    expect(s.satisfaction).toEqual({ count: 2, average: 3.5 });
    expect(s.complaints).toBe(1);
    expect(s.attention).toEqual([{ number: c1.number, type: 'quality', reasons: ['low_satisfaction'] }]);
  });

  it('unassigned past half time: an unassigned open case whose running clock is half spent', () => {
    const now = at('2026-11-26 20:00');
    const unassigned = aCase({ openedAt: at('2026-11-26 08:00'), number: 'QP-B' });
    const early = aCase({ openedAt: at('2026-11-26 08:00'), number: 'QP-C' });
    const assigned = aCase({ openedAt: at('2026-11-26 08:00'), assigneeId: 's1', number: 'QP-A' });
    const deadlines = [
      aDeadline(unassigned.id, { startedAt: at('2026-11-26 08:00'), dueAt: at('2026-11-27 08:00') }), // exactly half: 20:00 of a 24 h clock
      aDeadline(early.id, { startedAt: at('2026-11-26 08:00'), dueAt: at('2026-11-27 08:01') }),
      aDeadline(assigned.id, { startedAt: at('2026-11-26 08:00'), dueAt: at('2026-11-27 08:00') }),
    ];
    const s = computeDailySummary(base({ cases: [unassigned, early, assigned], deadlines, now }));
    expect(s.attention).toEqual([{ number: 'QP-B', type: 'quality', reasons: ['unassigned_past_half_time'] }]);
  });

  it('orders attention by the most urgent reason, then by number', () => {
    const now = at('2026-11-26 12:00');
    const late = aCase({ openedAt: at('2026-11-20 08:00'), number: 'QP-Z', assigneeId: 's' });
    const due = aCase({ openedAt: at('2026-11-26 08:00'), number: 'QP-A', assigneeId: 's' });
    const deadlines = [aDeadline(late.id, { startedAt: at('2026-11-20 08:00'), dueAt: at('2026-11-24 18:00') }), aDeadline(due.id, { startedAt: at('2026-11-26 08:00'), dueAt: at('2026-11-26 18:00') })];
    expect(computeDailySummary(base({ cases: [due, late], deadlines, now })).attention.map((a) => a.number)).toEqual(['QP-Z', 'QP-A']);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones; null for none', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('property: at least half the values are <= it and at least half >= it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), (values) => {
        const m = median(values)!;
        expect(values.filter((v) => v <= m).length * 2).toBeGreaterThanOrEqual(values.length);
        expect(values.filter((v) => v >= m).length * 2).toBeGreaterThanOrEqual(values.length);
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});

describe('computeDailySummary properties', () => {
  const start = at('2026-11-20 00:00').getTime();
  const span = 10 * 86_400_000;
  const instant = fc.integer({ min: 0, max: span }).map((ms) => new Date(start + ms));
  const maybe = (arb: fc.Arbitrary<Date>) => fc.option(arb, { nil: null });
  const rows = fc
    .array(
      fc.record({
        type: fc.constantFrom(...CASE_TYPES),
        openedAt: instant,
        closeAfter: fc.option(fc.integer({ min: 0, max: span }), { nil: null }),
        assigned: fc.boolean(),
        deadlines: fc.array(fc.record({ startOffset: fc.integer({ min: 0, max: 86_400_000 }), length: fc.integer({ min: 1, max: 3 * 86_400_000 }), metAt: maybe(instant), cancelledAt: maybe(instant), breachedAt: maybe(instant) }), { maxLength: 3 }),
        score: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        ratedAt: instant,
      }),
      { maxLength: 25 },
    )
    .map((list) => {
      const cases: ReportCase[] = [];
      const deadlines: ReportDeadline[] = [];
      const ratings: DailySummaryInput['ratings'][number][] = [];
      list.forEach((r, i) => {
        const c = aCase({ id: `c${i}`, number: `N-${String(i).padStart(3, '0')}`, type: r.type, openedAt: r.openedAt, closedAt: r.closeAfter === null ? null : new Date(r.openedAt.getTime() + r.closeAfter), assigneeId: r.assigned ? 's1' : null });
        cases.push(c);
        r.deadlines.forEach((d, j) => {
          const startedAt = new Date(r.openedAt.getTime() + d.startOffset);
          deadlines.push({ caseId: c.id, step: j === 0 ? 'first_contact' : `s${j}`, startedAt, dueAt: new Date(startedAt.getTime() + d.length), metAt: d.metAt, cancelledAt: d.cancelledAt, breachedAt: d.breachedAt });
        });
        if (r.score !== null) ratings.push({ caseId: c.id, staffId: null, score: r.score, createdAt: r.ratedAt });
      });
      return { cases, deadlines, ratings };
    });

  it('by-type counts sum to the total; compliance within 0..100; counts bounded; attention unique with reasons', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 9 }), instant, (data, dayOffset, now) => {
        const day = `2026-11-${String(20 + dayOffset).padStart(2, '0')}`;
        const s = computeDailySummary({ day, timeZone: SH, now, complaints: [], ...data });
        expect(Object.values(s.newCases.byType).reduce((a, b) => a + b, 0)).toBe(s.newCases.total);
        expect(s.newCases.total).toBeLessThanOrEqual(data.cases.length);
        expect(s.openCases).toBeLessThanOrEqual(data.cases.length);
        expect(s.sla.onTime).toBeLessThanOrEqual(s.sla.decided);
        if (s.sla.compliancePercent !== null) {
          expect(s.sla.compliancePercent).toBeGreaterThanOrEqual(0);
          expect(s.sla.compliancePercent).toBeLessThanOrEqual(100);
        } else expect(s.sla.decided).toBe(0);
        expect(s.dueToday + s.breached).toBeLessThanOrEqual(data.deadlines.length);
        if (s.satisfaction.average !== null) {
          expect(s.satisfaction.average).toBeGreaterThanOrEqual(1);
          expect(s.satisfaction.average).toBeLessThanOrEqual(5);
        }
        const numbers = s.attention.map((a) => a.number);
        expect(new Set(numbers).size).toBe(numbers.length);
        for (const a of s.attention) expect(a.reasons.length).toBeGreaterThan(0);
        // Cut off at now: nothing counted happened after it.
        expect(new Date(s.period.asOf).getTime()).toBeLessThanOrEqual(Math.max(now.getTime(), new Date(s.period.start).getTime()));
      }),
    );
  });

  it('a summary of a day taken at its end equals one taken any time later (the past does not move)', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 5 * 86_400_000 }), (data, dayOffset, later) => {
        const day = `2026-11-${String(20 + dayOffset).padStart(2, '0')}`;
        const end = daySpan(day, SH).end;
        const input = { day, timeZone: SH, complaints: [], ...data };
        expect(computeDailySummary({ ...input, now: new Date(end.getTime() + later) })).toEqual(computeDailySummary({ ...input, now: end }));
      }),
    );
  });
});
