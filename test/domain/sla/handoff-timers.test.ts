import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../../src/domain/calendar/index.ts';
import { handoffJobId, handoffStage, handoffTimers, type HandoffTimer } from '../../../src/domain/sla/handoff-timers.ts';
import { timersToSchedule } from '../../../src/domain/sla/sla-timers.ts';
import { SH, calendar } from './sla-fixtures.ts';

const at = (iso: string) => new Date(iso);
const show = (timers: HandoffTimer[]) => timers.map((t) => `${handoffStage(t)}@${formatInZone(t.at, SH)}`);
const RULE = { warnMinutes: 30, escalateMinutes: 120 };

describe('handoff timers (3.3.3)', () => {
  it('reminds staff after 30 business minutes and escalates after 2 business hours', () => {
    expect(show(handoffTimers(at('2026-11-23T10:00:00+08:00'), calendar, RULE))).toEqual(['warn@2026-11-23T10:30:00+08:00', 'escalate@2026-11-23T12:00:00+08:00']);
  });

  it('a request late on Friday counts its last quarter hour and carries on on Monday morning', () => {
    expect(show(handoffTimers(at('2026-11-27T17:45:00+08:00'), calendar, RULE))).toEqual(['warn@2026-11-30T09:15:00+08:00', 'escalate@2026-11-30T10:45:00+08:00']);
  });

  it('a request at night or over the National Day holiday waits for the next working morning', () => {
    expect(show(handoffTimers(at('2026-11-24T22:10:00+08:00'), calendar, RULE))).toEqual(['warn@2026-11-25T09:30:00+08:00', 'escalate@2026-11-25T11:00:00+08:00']);
    // 30 minutes are left on 30 September: the reminder lands on the next opening, not at its close.
    expect(show(handoffTimers(at('2026-09-30T17:30:00+08:00'), calendar, RULE))).toEqual(['warn@2026-10-08T09:00:00+08:00', 'escalate@2026-10-08T10:30:00+08:00']);
  });

  it('after downtime only the latest stage still goes, at once: the escalation alone once it is due', () => {
    const timers = handoffTimers(at('2026-11-23T10:00:00+08:00'), calendar, RULE);
    const now = at('2026-11-23T11:00:00+08:00');
    expect(show(timersToSchedule(timers, now))).toEqual(['warn@2026-11-23T11:00:00+08:00', 'escalate@2026-11-23T12:00:00+08:00']);
    expect(show(timersToSchedule(timers, at('2026-11-23T13:00:00+08:00')))).toEqual(['escalate@2026-11-23T13:00:00+08:00']);
  });

  it('job ids carry the chat, the request time and the stage, without ":"', () => {
    const since = at('2026-11-23T10:00:00+08:00');
    const id = handoffJobId('c0ffee00-1111-2222-3333-444455556666', since, 'warn');
    expect(id).toBe(`handoff-c0ffee00-1111-2222-3333-444455556666-${since.getTime()}-warn`);
    expect(id).not.toContain(':');
    expect(handoffJobId('c1', since, 'escalate')).not.toBe(handoffJobId('c1', since, 'warn'));
    expect(handoffJobId('c1', new Date(since.getTime() + 1), 'warn')).not.toBe(handoffJobId('c1', since, 'warn'));
  });

  it('property: both timers sit in business hours, exactly their business minutes after the request, the reminder first', () => {
    const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
    const rule = fc.tuple(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 1200 })).filter(([w, e]) => w < e).map(([warnMinutes, escalateMinutes]) => ({ warnMinutes, escalateMinutes }));
    fc.assert(
      fc.property(instant, rule, (since, r) => {
        const [warn, escalate, ...rest] = handoffTimers(since, calendar, r);
        expect(rest).toEqual([]);
        expect(warn?.kind).toBe('warn');
        expect(escalate?.kind).toBe('breach');
        expect(warn!.at.getTime()).toBeGreaterThan(since.getTime());
        expect(warn!.at.getTime()).toBeLessThan(escalate!.at.getTime());
        expect(calendar.businessMsBetween(since, warn!.at)).toBe(r.warnMinutes * 60_000);
        expect(calendar.businessMsBetween(since, escalate!.at)).toBe(r.escalateMinutes * 60_000);
        for (const t of [warn!, escalate!]) expect(calendar.nextBusinessOpening(t.at).getTime()).toBe(t.at.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('property: whenever the sweep runs, the escalation is scheduled exactly once and never before it is due', () => {
    const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 7 * 24 * 60 }), (since, minutesLater) => {
        const timers = handoffTimers(since, calendar, RULE);
        const now = new Date(since.getTime() + minutesLater * 60_000);
        const scheduled = timersToSchedule(timers, now);
        const escalations = scheduled.filter((t) => t.kind === 'breach');
        expect(escalations).toHaveLength(1);
        expect(escalations[0]!.at.getTime()).toBe(Math.max(now.getTime(), timers.at(-1)!.at.getTime()));
        for (const t of scheduled) expect(t.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
      }),
      { numRuns: 300 },
    );
  });
});
