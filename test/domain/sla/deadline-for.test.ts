import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, localDate } from '../../../src/domain/calendar/index.ts';
import type { SlaStep } from '../../../src/domain/cases/sla-steps.ts';
import { SLA_STEPS } from '../../../src/domain/cases/sla-steps.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import type { Policy } from '../../../src/domain/policy/policy-schema.ts';
import { deadlineFor, planDeadlines } from '../../../src/domain/sla/index.ts';
import { SH, calendar, calendarWith2027 } from './sla-fixtures.ts';

const due = (step: SlaStep, startedAt: string, cal = calendar) => {
  const result = deadlineFor(step, new Date(startedAt), cal, defaultPolicy);
  return { dueAt: formatInZone(result.dueAt, SH), calendar: result.calendar, clause: result.clause };
};

describe('deadlineFor', () => {
  it.each<[SlaStep, string, string, 'cn' | 'estimated', string, string]>([
    // 3.1.2 first contact: 2 working days after the report.
    ['first_contact', '2026-11-23T10:00:00+08:00', '2026-11-25T18:00:00+08:00', 'cn', '3.1.2', 'Monday morning'],
    ['first_contact', '2026-11-23T23:59:00+08:00', '2026-11-25T18:00:00+08:00', 'cn', '3.1.2', 'late Monday still counts from Monday'],
    ['first_contact', '2026-11-23T16:30:00Z', '2026-11-26T18:00:00+08:00', 'cn', '3.1.2', 'UTC Monday evening is Tuesday in Shanghai'],
    ['first_contact', '2026-11-27T17:00:00+08:00', '2026-12-01T18:00:00+08:00', 'cn', '3.1.2', 'Friday skips the weekend'],
    ['first_contact', '2026-11-28T11:00:00+08:00', '2026-12-01T18:00:00+08:00', 'cn', '3.1.2', 'Saturday report'],
    ['first_contact', '2026-09-30T10:00:00+08:00', '2026-10-09T18:00:00+08:00', 'cn', '3.1.2', '国庆 10/1–10/7'],
    ['first_contact', '2026-10-08T10:00:00+08:00', '2026-10-10T18:00:00+08:00', 'cn', '3.1.2', 'working Saturday 10/10 counts'],
    ['first_contact', '2026-12-30T10:00:00+08:00', '2027-01-04T18:00:00+08:00', 'estimated', '3.1.2', 'runs into unpublished 2027'],
    // 3.2.2 review: 2 working days after the request.
    ['review', '2026-11-24T09:30:00+08:00', '2026-11-26T18:00:00+08:00', 'cn', '3.2.2', 'Tuesday request'],
    ['review', '2026-10-09T18:30:00+08:00', '2026-10-12T18:00:00+08:00', 'cn', '3.2.2', 'after hours Friday: Sat 10/10 and Mon 10/12'],
    ['review', '2026-12-31T10:00:00+08:00', '2027-01-05T18:00:00+08:00', 'estimated', '3.2.2', 'New Year estimated'],
    // 3.2.4 refund or exchange: 3 working days after goods received.
    ['refund_or_exchange', '2026-11-26T15:00:00+08:00', '2026-12-01T18:00:00+08:00', 'cn', '3.2.4', 'Thursday receipt'],
    ['refund_or_exchange', '2026-09-30T10:00:00+08:00', '2026-10-10T18:00:00+08:00', 'cn', '3.2.4', 'across 国庆'],
    ['refund_or_exchange', '2026-10-08T10:00:00+08:00', '2026-10-12T18:00:00+08:00', 'cn', '3.2.4', 'Thu, Fri, Sat 10/10 → Mon'],
    // 3.3.3 follow-up contact: the policy's number (2 by default).
    ['followup_contact', '2026-11-25T12:00:00+08:00', '2026-11-27T18:00:00+08:00', 'cn', '3.3.3', 'Wednesday'],
    ['followup_contact', '2026-11-26T12:00:00+08:00', '2026-11-30T18:00:00+08:00', 'cn', '3.3.3', 'Thursday'],
  ])('%s from %s → %s (%s, %s) — %s', (step, startedAt, dueAt, label, clause) => {
    expect(due(step, startedAt)).toEqual({ dueAt, calendar: label, clause });
  });

  it.each<[SlaStep, string, string, string]>([
    ['first_contact', '2027-02-03T10:00:00+08:00', '2027-02-11T18:00:00+08:00', '2027-02-15T18:00:00+08:00'],
    ['first_contact', '2027-01-29T10:00:00+08:00', '2027-02-02T18:00:00+08:00', '2027-02-01T18:00:00+08:00'],
    ['refund_or_exchange', '2027-09-30T10:00:00+08:00', '2027-10-08T18:00:00+08:00', '2027-10-11T18:00:00+08:00'],
  ])('%s from %s: estimated %s, official %s', (step, startedAt, estimated, official) => {
    expect(due(step, startedAt)).toMatchObject({ dueAt: estimated, calendar: 'estimated' });
    expect(due(step, startedAt, calendarWith2027())).toMatchObject({ dueAt: official, calendar: 'cn' });
  });

  it('reads the number of working days from the policy, not from code', () => {
    const policy: Policy = { ...defaultPolicy, deadlines: { ...defaultPolicy.deadlines, consultationFollowUpContact: { ...defaultPolicy.deadlines.consultationFollowUpContact, workingDays: 5 } } };
    const result = deadlineFor('followup_contact', new Date('2026-11-25T12:00:00+08:00'), calendar, policy);
    expect(formatInZone(result.dueAt, SH)).toBe('2026-12-02T18:00:00+08:00');
  });

  it('refuses an invalid start time', () => {
    expect(() => deadlineFor('review', new Date(Number.NaN), calendar, defaultPolicy)).toThrow(RangeError);
  });
});

describe('planDeadlines', () => {
  it('computes the steps to start and passes through those to complete and cancel', () => {
    const at = new Date('2026-11-26T15:00:00+08:00');
    const plan = planDeadlines({ start: ['refund_or_exchange'], complete: ['review'], cancel: ['first_contact'] }, at, calendar, defaultPolicy);
    expect(plan.complete).toEqual(['review']);
    expect(plan.cancel).toEqual(['first_contact']);
    expect(plan.start).toHaveLength(1);
    expect(plan.start[0]).toMatchObject({ step: 'refund_or_exchange', startedAt: at, clause: '3.2.4', calendar: 'cn' });
    expect(planDeadlines({}, at, calendar, defaultPolicy)).toEqual({ start: [], complete: [], cancel: [] });
  });
});

// 2024-01-01 .. 2029-12-31: published years and estimated ones.
const instantArb = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true });
const stepArb = fc.constantFrom(...SLA_STEPS);

describe('deadlineFor properties', () => {
  it('is never before the start, always at close of business on a working day after the start day', () => {
    fc.assert(
      fc.property(stepArb, instantArb, (step, startedAt) => {
        const { dueAt } = deadlineFor(step, startedAt, calendar, defaultPolicy);
        expect(dueAt.getTime()).toBeGreaterThan(startedAt.getTime());
        const day = localDate(dueAt, SH);
        expect(day > localDate(startedAt, SH)).toBe(true);
        expect(calendar.dayInfo(day).working).toBe(true);
        expect(formatInZone(dueAt, SH).slice(11, 19)).toBe('18:00:00');
      }),
    );
  });

  it('is monotone in the start time', () => {
    fc.assert(
      fc.property(stepArb, instantArb, instantArb, (step, a, b) => {
        const [early, late] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
        expect(deadlineFor(step, early, calendar, defaultPolicy).dueAt.getTime()).toBeLessThanOrEqual(deadlineFor(step, late, calendar, defaultPolicy).dueAt.getTime());
      }),
    );
  });

  it('is labelled cn exactly when it stays within published years', () => {
    fc.assert(
      fc.property(stepArb, instantArb, (step, startedAt) => {
        const result = deadlineFor(step, startedAt, calendar, defaultPolicy);
        const lastYear = Number(localDate(result.dueAt, SH).slice(0, 4));
        expect(result.calendar).toBe(calendar.yearStatus(lastYear) === 'published' && calendar.yearStatus(Number(localDate(startedAt, SH).slice(0, 4))) === 'published' ? 'cn' : 'estimated');
      }),
    );
  });
});
