import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseCalendarLabel, isDeadlineOpen, nextDeadline } from '../../../src/domain/sla/index.ts';

const at = (iso: string) => new Date(iso);
const open = (step: string, dueAt: string) => ({ step, dueAt: at(dueAt), metAt: null, cancelledAt: null });

describe('nextDeadline', () => {
  it('is null when nothing runs', () => {
    expect(nextDeadline([])).toBeNull();
    expect(nextDeadline([{ ...open('review', '2026-11-26T10:00:00Z'), metAt: at('2026-11-25T10:00:00Z') }])).toBeNull();
    expect(nextDeadline([{ ...open('review', '2026-11-26T10:00:00Z'), cancelledAt: at('2026-11-25T10:00:00Z') }])).toBeNull();
  });

  it('skips met and cancelled deadlines and picks the earliest running one', () => {
    const deadlines = [
      { ...open('review', '2026-11-20T10:00:00Z'), metAt: at('2026-11-19T10:00:00Z') },
      open('refund_or_exchange', '2026-12-01T10:00:00Z'),
      open('first_contact', '2026-11-28T10:00:00Z'),
      { ...open('followup_contact', '2026-11-21T10:00:00Z'), cancelledAt: at('2026-11-20T10:00:00Z') },
    ];
    expect(nextDeadline(deadlines)?.step).toBe('first_contact');
  });

  it('breaks a tie by step name, whatever the order', () => {
    const a = open('review', '2026-11-26T10:00:00Z');
    const b = open('first_contact', '2026-11-26T10:00:00Z');
    expect(nextDeadline([a, b])?.step).toBe('first_contact');
    expect(nextDeadline([b, a])?.step).toBe('first_contact');
  });
});

describe('caseCalendarLabel', () => {
  it('is estimated only when a running deadline is', () => {
    expect(caseCalendarLabel([])).toBe('cn');
    expect(caseCalendarLabel([{ ...open('review', '2027-01-04T10:00:00Z'), calendar: 'estimated' }])).toBe('estimated');
    expect(caseCalendarLabel([{ ...open('review', '2027-01-04T10:00:00Z'), calendar: 'estimated', metAt: at('2027-01-01T00:00:00Z') }, { ...open('refund_or_exchange', '2026-12-01T00:00:00Z'), calendar: 'cn' }])).toBe('cn');
  });
});

const deadlineArb = fc.record({
  step: fc.constantFrom('first_contact', 'review', 'refund_or_exchange', 'followup_contact'),
  dueAt: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
  metAt: fc.option(fc.constant(new Date('2026-06-01T00:00:00Z'))),
  cancelledAt: fc.option(fc.constant(new Date('2026-06-01T00:00:00Z'))),
});

describe('nextDeadline properties', () => {
  it('returns a running deadline no later than any other running one, independent of order', () => {
    fc.assert(
      fc.property(fc.array(deadlineArb, { maxLength: 8 }), (deadlines) => {
        const next = nextDeadline(deadlines);
        const running = deadlines.filter(isDeadlineOpen);
        if (running.length === 0 || next === null) {
          expect(next === null && running.length === 0).toBe(true);
          return;
        }
        expect(isDeadlineOpen(next)).toBe(true);
        for (const other of running) expect(next.dueAt.getTime()).toBeLessThanOrEqual(other.dueAt.getTime());
        const reversed = nextDeadline([...deadlines].reverse());
        expect(reversed?.dueAt.getTime()).toBe(next.dueAt.getTime());
        expect(reversed?.step).toBe(next.step);
      }),
    );
  });
});
