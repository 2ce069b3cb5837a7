import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterKey, computeQualityEvaluation, normaliseLabel, previousPeriod, type QualityInput } from '../../../src/domain/reports/quality-evaluation.ts';
import { SH, aCase, aDeadline, at } from './report-fixtures.ts';

const base = (over: Partial<QualityInput>): QualityInput => ({
  from: '2026-11-19',
  to: '2026-11-26',
  timeZone: SH,
  now: at('2026-11-26 09:00'),
  cases: [],
  deadlines: [],
  ratings: [],
  complaints: [],
  staff: [],
  actions: [],
  ...over,
});

describe('cluster keys and periods', () => {
  it('normalises item names: trimmed, spaces collapsed, case-folded, full-width folded', () => {
    expect(normaliseLabel('  Thermos   CUP ')).toBe('thermos cup');
    expect(normaliseLabel('ＡＢＣ杯')).toBe('abc杯');
    expect(clusterKey(' 保温杯 ', 'Damaged')).toBe('damaged/保温杯');
  });
  it('the previous period is as long, just before', () => {
    expect(previousPeriod('2026-11-19', '2026-11-26')).toEqual({ from: '2026-11-12', to: '2026-11-19' });
    expect(previousPeriod('2026-03-01', '2026-03-02')).toEqual({ from: '2026-02-28', to: '2026-03-01' });
  });
  it('refuses an empty period', () => {
    expect(() => computeQualityEvaluation(base({ from: '2026-11-26', to: '2026-11-26' }))).toThrow(RangeError);
  });
});

describe('computeQualityEvaluation', () => {
  it('clusters problems by normalised item and category across merchants, with the trend against the previous period', () => {
    const q = (item: string | null, category: string | null, merchantId: string, opened: string) => aCase({ itemName: item, problemCategory: category, merchantId, openedAt: at(opened) });
    const cases = [
      q('保温杯', 'damaged', 'm1', '2026-11-20 10:00'),
      q(' 保温杯', 'damaged', 'm2', '2026-11-21 10:00'),
      q('保温杯 ', 'DAMAGED', 'm2', '2026-11-22 10:00'),
      q('保温杯', 'damaged', 'm3', '2026-11-15 10:00'), // previous period
      q('Kettle', 'defect', 'm1', '2026-11-20 10:00'),
      q('kettle', 'defect', 'm1', '2026-11-13 10:00'),
      q('kettle', 'defect', 'm2', '2026-11-14 10:00'),
      q('Mug', 'appearance', 'm1', '2026-11-13 10:00'), // previous only
      q('Lamp', 'wrong_item', 'm4', '2026-11-25 23:00'),
      q(null, 'damaged', 'm1', '2026-11-20 10:00'), // no item: no cluster
      q('Lamp', null, 'm1', '2026-11-20 10:00'), // no category: no cluster
      q('Lamp', 'wrong_item', 'm1', '2026-11-10 10:00'), // before both periods
      q('Lamp', 'wrong_item', 'm1', '2026-11-26 10:00'), // after now
    ];
    const e = computeQualityEvaluation(base({ cases }));
    expect(e.period).toEqual({ from: '2026-11-19', to: '2026-11-26', previousFrom: '2026-11-12', timeZone: SH, asOf: at('2026-11-26 00:00').toISOString() });
    expect(e.clusters).toEqual([
      { key: 'damaged/保温杯', itemName: '保温杯', problemCategory: 'damaged', count: 3, merchants: 2, previousCount: 1, trend: 'up' },
      { key: 'defect/kettle', itemName: 'kettle', problemCategory: 'defect', count: 1, merchants: 1, previousCount: 2, trend: 'down' },
      { key: 'wrong_item/lamp', itemName: 'lamp', problemCategory: 'wrong_item', count: 1, merchants: 1, previousCount: 0, trend: 'new' },
      { key: 'appearance/mug', itemName: 'mug', problemCategory: 'appearance', count: 0, merchants: 0, previousCount: 1, trend: 'down' },
    ]);
  });

  it('per staff member: cases handled, SLA met %, satisfaction and complaints in the period; idle staff are left out', () => {
    const staff = [{ id: 's1', name: 'Wang' }, { id: 's2', name: 'Li' }, { id: 's3', name: 'Idle' }];
    const a = aCase({ assigneeId: 's1', openedAt: at('2026-11-10 10:00'), closedAt: at('2026-11-20 10:00') }); // handled (open into the period)
    const b = aCase({ assigneeId: 's1', openedAt: at('2026-11-21 10:00') });
    const old = aCase({ assigneeId: 's1', openedAt: at('2026-11-01 10:00'), closedAt: at('2026-11-18 10:00') }); // closed before the period
    const c = aCase({ assigneeId: 's2', openedAt: at('2026-11-21 10:00') });
    const deadlines = [
      aDeadline(a.id, { startedAt: at('2026-11-10 10:00'), dueAt: at('2026-11-20 18:00'), metAt: at('2026-11-20 09:00') }),
      aDeadline(b.id, { startedAt: at('2026-11-21 10:00'), dueAt: at('2026-11-23 18:00') }), // missed, still running
      aDeadline(b.id, { step: 'review', startedAt: at('2026-11-21 10:00'), dueAt: at('2026-11-24 18:00'), metAt: at('2026-11-24 10:00') }),
      aDeadline(old.id, { startedAt: at('2026-11-01 10:00'), dueAt: at('2026-11-05 18:00'), metAt: at('2026-11-05 10:00') }), // before the period
    ];
    const ratings = [
      { caseId: a.id, staffId: 's1', score: 4, createdAt: at('2026-11-20 12:00') },
      { caseId: b.id, staffId: null, score: 5, createdAt: at('2026-11-22 12:00') }, // the case's assignee
      { caseId: c.id, staffId: 's2', score: 1, createdAt: at('2026-11-22 12:00') },
      { caseId: old.id, staffId: 's1', score: 1, createdAt: at('2026-11-18 12:00') }, // before the period
    ];
    const complaints = [
      { caseId: 'x', accusedStaffId: 's2', createdAt: at('2026-11-22 12:00') },
      { caseId: 'y', accusedStaffId: 's2', createdAt: at('2026-11-23 12:00') },
      { caseId: 'z', accusedStaffId: 's1', createdAt: at('2026-11-11 12:00') }, // previous period
    ];
    const e = computeQualityEvaluation(base({ cases: [a, b, old, c], deadlines, ratings, complaints, staff }));
    expect(e.staff).toEqual([
      { staffId: 's2', name: 'Li', casesHandled: 1, sla: { onTime: 0, decided: 0, percent: null }, satisfaction: { count: 1, average: 1 }, complaints: 2 },
      { staffId: 's1', name: 'Wang', casesHandled: 2, sla: { onTime: 2, decided: 3, percent: 66.7 }, satisfaction: { count: 2, average: 4.5 }, complaints: 0 },
    ]);
  });

  it('reports open improvement actions until closed, overdue ones flagged, with their cluster this period', () => {
    const cases = [aCase({ itemName: '保温杯', problemCategory: 'damaged', openedAt: at('2026-11-20 10:00') })];
    const actions = [
      { id: 'a2', clusterKey: 'damaged/保温杯', title: 'Better packing', ownerName: 'Wang', dueOn: '2026-11-30', status: 'open' as const },
      { id: 'a1', clusterKey: 'defect/kettle', title: 'Supplier audit', ownerName: 'Li', dueOn: '2026-11-25', status: 'open' as const },
      { id: 'a0', clusterKey: 'defect/kettle', title: 'Done', ownerName: 'Li', dueOn: '2026-11-01', status: 'closed' as const },
      { id: 'a3', clusterKey: 'x/y', title: 'Due today', ownerName: 'Li', dueOn: '2026-11-26', status: 'open' as const },
    ];
    const e = computeQualityEvaluation(base({ cases, actions }));
    expect(e.actions.map((a) => [a.id, a.overdue, a.clusterCount])).toEqual([
      ['a1', true, 0],
      ['a3', false, 0],
      ['a2', false, 1],
    ]);
  });

  it('property: cluster counts add up to the clustered cases of each period; merchants never exceed count; SLA % within 0..100', () => {
    const items = fc.constantFrom('Cup', ' cup', 'CUP ', 'Kettle', '灯', null);
    const categories = fc.constantFrom('damaged', 'Damaged', 'defect', null);
    const day = fc.integer({ min: 0, max: 20 * 86_400_000 }).map((ms) => new Date(at('2026-11-06 00:00').getTime() + ms));
    fc.assert(
      fc.property(
        fc.array(fc.record({ item: items, category: categories, merchant: fc.constantFrom('m1', 'm2', 'm3'), openedAt: day, assignee: fc.constantFrom('s1', 's2', null), met: fc.option(day, { nil: null }), length: fc.integer({ min: 1, max: 5 * 86_400_000 }) }), { maxLength: 40 }),
        (rows) => {
          const cases = rows.map((r, i) => aCase({ id: `c${i}`, itemName: r.item, problemCategory: r.category, merchantId: r.merchant, openedAt: r.openedAt, assigneeId: r.assignee }));
          const deadlines = rows.map((r, i) => aDeadline(`c${i}`, { startedAt: r.openedAt, dueAt: new Date(r.openedAt.getTime() + r.length), metAt: r.met }));
          const e = computeQualityEvaluation(base({ cases, deadlines, staff: [{ id: 's1', name: 'A' }, { id: 's2', name: 'B' }] }));
          const inPeriod = (d: Date, from: string, to: string) => d >= at(`${from} 00:00`) && d < at(`${to} 00:00`);
          const clustered = rows.filter((r) => r.item !== null && r.category !== null);
          expect(e.clusters.reduce((s, c) => s + c.count, 0)).toBe(clustered.filter((r) => inPeriod(r.openedAt, '2026-11-19', '2026-11-26')).length);
          expect(e.clusters.reduce((s, c) => s + c.previousCount, 0)).toBe(clustered.filter((r) => inPeriod(r.openedAt, '2026-11-12', '2026-11-19')).length);
          for (const c of e.clusters) {
            expect(c.merchants).toBeLessThanOrEqual(c.count);
            expect(c.count + c.previousCount).toBeGreaterThan(0);
          }
          for (const s of e.staff) {
            expect(s.sla.onTime).toBeLessThanOrEqual(s.sla.decided);
            if (s.sla.percent !== null) expect(s.sla.percent).toBeGreaterThanOrEqual(0);
            if (s.sla.percent !== null) expect(s.sla.percent).toBeLessThanOrEqual(100);
          }
          expect(e.staff.reduce((sum, s) => sum + s.casesHandled, 0)).toBeLessThanOrEqual(cases.length);
        },
      ),
    );
  });
});
