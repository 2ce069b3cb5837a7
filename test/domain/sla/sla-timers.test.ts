import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, localDate } from '../../../src/domain/calendar/index.ts';
import { SLA_STEPS, isMerchantSlaStep } from '../../../src/domain/cases/sla-steps.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { deadlineFor } from '../../../src/domain/sla/deadline-for.ts';
import { slaTimerJobId, slaTimers, timersToSchedule, timerStage, type SlaTimer } from '../../../src/domain/sla/sla-timers.ts';
import { SH, calendar, calendarWith2027 } from './sla-fixtures.ts';

const at = (iso: string) => new Date(iso);
const show = (timers: SlaTimer[]) => timers.map((t) => `${timerStage(t)}@${formatInZone(t.at, SH)}`);

describe('SLA timers of a deadline', () => {
  it('warns at 50% and 80% of the business time, inside business hours, and breaches at close of business', () => {
    // Monday 10:00, first contact within 2 working days: due Wednesday 18:00; 8 + 9 + 9 = 26 business hours.
    const startedAt = at('2026-11-23T10:00:00+08:00');
    const { dueAt } = deadlineFor('first_contact', startedAt, calendar, defaultPolicy);
    expect(show(slaTimers({ startedAt, dueAt }, calendar))).toEqual([
      'warn50@2026-11-24T14:00:00+08:00', // 13 h: 8 on Monday, 5 on Tuesday
      'warn80@2026-11-25T12:48:00+08:00', // 20.8 h
      'breach@2026-11-25T18:00:00+08:00',
    ]);
  });

  it('complaint handling (4.3.2) runs 3 working days from the recording: warnings go out like every step\'s', () => {
    const startedAt = at('2026-11-23T10:00:00+08:00');
    const { dueAt } = deadlineFor('complaint_handling', startedAt, calendar, defaultPolicy);
    // 8 + 9 + 9 + 9 = 35 business hours: 17.5 h and 28 h.
    expect(show(slaTimers({ startedAt, dueAt }, calendar))).toEqual(['warn50@2026-11-25T09:30:00+08:00', 'warn80@2026-11-26T11:00:00+08:00', 'breach@2026-11-26T18:00:00+08:00']);
  });

  it('only complaint handling is an internal step merchants are never told about', () => {
    expect(SLA_STEPS.filter((s) => !isMerchantSlaStep(s))).toEqual(['complaint_handling']);
    expect(isMerchantSlaStep('no_such_step')).toBe(false);
  });

  it('skips the National Day holiday: a report the evening before waits for the working days after it', () => {
    const startedAt = at('2026-09-30T17:00:00+08:00');
    const { dueAt } = deadlineFor('review', startedAt, calendar, defaultPolicy);
    expect(show(slaTimers({ startedAt, dueAt }, calendar))).toEqual(['warn50@2026-10-08T17:30:00+08:00', 'warn80@2026-10-09T14:12:00+08:00', 'breach@2026-10-09T18:00:00+08:00']);
  });

  it('an adjusted working Saturday counts: with the official 2027 schedule the timers move to it', () => {
    const startedAt = at('2027-09-30T17:00:00+08:00');
    const estimated = deadlineFor('review', startedAt, calendar, defaultPolicy);
    const official = deadlineFor('review', startedAt, calendarWith2027(), defaultPolicy);
    expect(estimated.calendar).toBe('estimated');
    expect(show(slaTimers({ startedAt, dueAt: estimated.dueAt }, calendar)).at(-1)).toBe('breach@2027-10-07T18:00:00+08:00');
    // Imported: 2027-10-09 is a working Saturday (调休) and the deadline moves to its close.
    expect(show(slaTimers({ startedAt, dueAt: official.dueAt }, calendarWith2027()))).toEqual(['warn50@2027-10-08T17:30:00+08:00', 'warn80@2027-10-09T14:12:00+08:00', 'breach@2027-10-09T18:00:00+08:00']);
    expect(slaTimerJobId('d1', 'breach', estimated.dueAt)).not.toBe(slaTimerJobId('d1', 'breach', official.dueAt));
  });

  it('takes configured fractions, in order, ignoring duplicates and fractions outside (0, 1)', () => {
    const startedAt = at('2026-11-23T09:00:00+08:00');
    const dueAt = at('2026-11-23T18:00:00+08:00');
    expect(show(slaTimers({ startedAt, dueAt }, calendar, [0.9, 0.25, 0.25, 0, 1, 1.5]))).toEqual(['warn25@2026-11-23T11:15:00+08:00', 'warn90@2026-11-23T17:06:00+08:00', 'breach@2026-11-23T18:00:00+08:00']);
  });

  it('a deadline with no business time before it (started after close) only breaches', () => {
    const startedAt = at('2026-11-23T18:00:00+08:00');
    expect(show(slaTimers({ startedAt, dueAt: at('2026-11-23T18:00:00+08:00') }, calendar))).toEqual(['breach@2026-11-23T18:00:00+08:00']);
  });

  it('job ids are deterministic and carry no colon', () => {
    const id = slaTimerJobId('0b8c7e9a-1d2f-4c55-9a77-3f1e2d4c5b6a', 'warn80', at('2026-11-25T10:00:00Z'));
    expect(id).toBe('sla-0b8c7e9a-1d2f-4c55-9a77-3f1e2d4c5b6a-warn80-1795600800000');
    expect(id).not.toContain(':');
  });
});

describe('which timers to schedule now', () => {
  const startedAt = at('2026-11-23T10:00:00+08:00');
  const timers = slaTimers({ startedAt, dueAt: at('2026-11-25T18:00:00+08:00') }, calendar);

  it('before the first warning: all of them, at their times', () => {
    expect(timersToSchedule(timers, startedAt)).toEqual(timers);
  });

  it('after both warnings (downtime, or a deadline moved earlier): the latest warning at once, then the breach', () => {
    const now = at('2026-11-25T13:00:00+08:00');
    expect(show(timersToSchedule(timers, now))).toEqual(['warn80@2026-11-25T13:00:00+08:00', 'breach@2026-11-25T18:00:00+08:00']);
  });

  it('after the due time: only the breach, at once', () => {
    const now = at('2026-11-26T09:00:00+08:00');
    expect(show(timersToSchedule(timers, now))).toEqual(['breach@2026-11-26T09:00:00+08:00']);
  });
});

describe('SLA timer properties', () => {
  const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
  const step = fc.constantFrom(...SLA_STEPS);
  const fractions = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 4 }).map((ps) => ps.map((p) => p / 100));

  it('warnings are in time order, inside business hours of working days, before the breach at the due time', () => {
    fc.assert(
      fc.property(instant, step, fractions, (startedAt, s, fs) => {
        const { dueAt } = deadlineFor(s, startedAt, calendar, defaultPolicy);
        const timers = slaTimers({ startedAt, dueAt }, calendar, fs);
        const breach = timers.at(-1);
        expect(breach).toEqual({ kind: 'breach', at: dueAt });
        for (const [i, timer] of timers.entries()) {
          if (i > 0) expect(timer.at.getTime()).toBeGreaterThan(timers[i - 1]!.at.getTime());
          if (timer.kind !== 'warn') continue;
          expect(calendar.dayInfo(localDate(timer.at, SH)).working).toBe(true);
          expect(calendar.nextBusinessOpening(timer.at).getTime()).toBe(timer.at.getTime());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a warning at p% has p% of the deadline business time behind it (to the millisecond)', () => {
    fc.assert(
      fc.property(instant, step, fc.integer({ min: 1, max: 99 }), (startedAt, s, percent) => {
        const { dueAt } = deadlineFor(s, startedAt, calendar, defaultPolicy);
        const total = calendar.businessMsBetween(startedAt, dueAt);
        const [warning] = slaTimers({ startedAt, dueAt }, calendar, [percent / 100]);
        if (warning?.kind !== 'warn') return;
        expect(Math.abs(calendar.businessMsBetween(startedAt, warning.at) - Math.round((total * percent) / 100))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('addBusinessMs and businessMsBetween are inverse on business time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 9 * 3_600_000 }), (from, ms) => {
        const to = calendar.addBusinessMs(from, ms);
        expect(calendar.businessMsBetween(from, to)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('what is scheduled is never in the past and never two warnings at once', () => {
    fc.assert(
      fc.property(instant, step, fc.integer({ min: -5, max: 20 * 24 }), (startedAt, s, hoursLater) => {
        const { dueAt } = deadlineFor(s, startedAt, calendar, defaultPolicy);
        const now = new Date(startedAt.getTime() + hoursLater * 3_600_000);
        const planned = timersToSchedule(slaTimers({ startedAt, dueAt }, calendar), now);
        expect(planned.every((t) => t.at.getTime() >= now.getTime())).toBe(true);
        expect(planned.filter((t) => t.at.getTime() === now.getTime()).length).toBeLessThanOrEqual(1);
        expect(planned.at(-1)?.kind).toBe('breach');
      }),
      { numRuns: 300 },
    );
  });
});
