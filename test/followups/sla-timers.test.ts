import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/domain/calendar/index.ts';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';
import { qualityDraft } from '../cases/case-fixtures.ts';
import { sampleValue } from '../support/prometheus-text.ts';

interface FeedItem {
  id: string;
  text: string;
  buttons: Array<{ id: string; label: string }> | null;
}

/** How long, in test time, the first-contact deadline of a case opened now takes: every follow-up delay is scaled to it. */
const DEADLINE_IN_TEST_MS = 10_000;

/**
 * A scale that makes the first contact deadline (2 working days, 3.1.2) of a case opened now fall
 * due about DEADLINE_IN_TEST_MS from now, whatever the day: the same calendar the bot uses (packaged
 * data, 09:00-18:00 in Asia/Shanghai) gives the real span.
 */
function scaleForNow(): number {
  const calendar = createWorkingCalendar({ timeZone: 'Asia/Shanghai', hours: [{ start: '09:00', end: '18:00' }] });
  const now = new Date();
  return DEADLINE_IN_TEST_MS / (calendar.addWorkingDays(now, 2).deadline.getTime() - now.getTime());
}

describe.each(modesUnderTest())('SLA timers on BullMQ (%s)', (mode) => {
  let t: TestApp;
  const feed = async (desk: 'staff' | 'manager') => ((await (await fetch(`${t.url}/api/desk/${desk}/feed`)).json()) as { messages: FeedItem[] }).messages;
  const press = (desk: 'staff' | 'manager', actionId: string) =>
    fetch(`${t.url}/api/desk/${desk}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actionId }) }).then((r) => r.status);

  async function openQualityCase(chat: string) {
    await t.send(chat, '你好');
    const row = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chat }, select: { id: true, merchantId: true } });
    const summary = await t.app.cases.openCase({ chatId: row.id, merchantId: row.merchantId!, lang: 'zh-CN', draft: qualityDraft, at: new Date() });
    const deadline = await t.app.prisma.caseDeadline.findFirstOrThrow({ where: { case: { number: summary.number }, step: 'first_contact' } });
    return { number: summary.number, deadline };
  }
  const notices = async (number: string) => {
    const { id } = await t.app.prisma.case.findUniqueOrThrow({ where: { number }, select: { id: true } });
    return t.app.prisma.followupNotice.findMany({ where: { caseId: id }, orderBy: { createdAt: 'asc' } });
  };

  beforeAll(async () => {
    t = await startTestApp({ mode, env: { FOLLOWUP_TIME_SCALE: scaleForNow().toFixed(12), FOLLOWUP_SWEEP_MS: '500' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a case left untouched: staff are reminded at 50% and 80% (with buttons to act), managers get the escalation at the breach, once', async () => {
    const { number, deadline } = await openQualityCase('sla-untouched');
    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).breachedAt, { timeout: 30_000, interval: 200 }).not.toBeNull();
    const breachedAt = (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).breachedAt!;

    // In order: warn50, warn80, then the breach, each written once.
    const written = await notices(number);
    expect(written.map((n) => n.key)).toEqual([slaTimerJobId(deadline.id, 'warn50', deadline.dueAt), slaTimerJobId(deadline.id, 'warn80', deadline.dueAt)]);
    expect(written[1]!.createdAt.getTime()).toBeLessThanOrEqual(breachedAt.getTime());
    expect(await t.app.prisma.caseEvent.count({ where: { case: { number }, kind: 'deadline_breached' } })).toBe(1);

    const reminders = (await feed('staff')).filter((m) => m.text.includes(number) && m.text.includes('时限提醒'));
    expect(reminders.map((m) => /已过 (\d+)%/.exec(m.text)?.[1])).toEqual(['50', '80']);
    for (const reminder of reminders) {
      expect(reminder.text).toContain('尚未认领');
      expect(reminder.buttons?.map((b) => b.id)).toEqual(expect.arrayContaining([`desk:claim:${number}`, `desk:contact:${number}`]));
    }
    await expect.poll(async () => (await feed('manager')).filter((m) => m.text.includes(number) && m.text.includes('超时升级')).length, { timeout: 10_000 }).toBe(1);
    // Reminders are posts of their own (people are notified), never an edit of the case card.
    const rows = await t.app.prisma.outboundMessage.findMany({ where: { case: { number }, chat: { kind: 'staff' } }, orderBy: { createdAt: 'asc' } });
    const reminderRows = rows.filter((r) => r.text.includes('时限提醒'));
    expect(reminderRows).toHaveLength(2);
    for (const row of reminderRows) expect((row.payload as { cardOf?: string }).cardOf).toBeUndefined();
    expect(rows.filter((r) => (r.payload as { cardOf?: string }).cardOf !== undefined).every((r) => !r.text.includes('时限提醒'))).toBe(true);
    // Their lateness is on /metrics.
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(sampleValue(metrics, 'intake_timer_lateness_seconds_count', { kind: 'sla_warning' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(metrics, 'intake_timer_lateness_seconds_count', { kind: 'sla_breach' })).toBeGreaterThanOrEqual(1);
    // Timers fired: the due time is not scheduled again, whatever the sweep does.
    await t.app.followups.reconcile();
    expect((await notices(number)).length).toBe(2);
  });

  it('acting from the reminder itself completes the step and cancels the remaining timers', async () => {
    const { number, deadline } = await openQualityCase('sla-acted');
    let reminder: FeedItem | undefined;
    await expect
      .poll(async () => (reminder = (await feed('staff')).find((m) => m.text.includes(number) && m.text.includes('已过 50%'))), { timeout: 30_000, interval: 200 })
      .toBeDefined();
    const contact = reminder!.buttons?.find((b) => b.id === `desk:contact:${number}`);
    expect(contact, 'the reminder carries the step').toBeDefined();
    expect(await press('staff', contact!.id)).toBe(200);

    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).timersFor, { timeout: 10_000 }).toBeNull();
    const met = await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } });
    expect(met.metAt).not.toBeNull();
    expect(await t.app.followups.queue.getJob(slaTimerJobId(deadline.id, 'breach', deadline.dueAt))).toBeUndefined();
    // The 80% warning is removed too, unless a slow machine let it run before the press.
    const warn80 = await t.app.followups.queue.getJob(slaTimerJobId(deadline.id, 'warn80', deadline.dueAt));
    if (warn80) expect(await warn80.getState()).toBe('completed');
    // Past the old due time: no breach, no escalation.
    await new Promise((resolve) => setTimeout(resolve, DEADLINE_IN_TEST_MS));
    expect((await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).breachedAt).toBeNull();
    expect((await feed('manager')).some((m) => m.text.includes(number))).toBe(false);
  });

  it('five replays of the scheduling add no second timer; a moved deadline gets new timers and loses the old ones', async () => {
    const { number, deadline } = await openQualityCase('sla-replayed');
    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).timersFor?.getTime(), { timeout: 10_000 }).toBe(deadline.dueAt.getTime());
    for (let i = 0; i < 5; i += 1) {
      await t.app.prisma.caseDeadline.update({ where: { id: deadline.id }, data: { timersFor: null } });
      await t.app.followups.reconcile();
    }
    const ids = (stages: string[], dueAt: Date) => stages.map((s) => slaTimerJobId(deadline.id, s, dueAt));
    const present = async (jobIds: string[]) => (await Promise.all(jobIds.map((id) => t.app.followups.queue.getJob(id)))).filter((j) => j !== undefined && j !== null).length;
    expect(await present(ids(['warn50', 'warn80', 'breach'], deadline.dueAt))).toBeGreaterThanOrEqual(1);

    // An operator closure moves the deadline a day later (a calendar import does the same through the recomputation).
    const later = new Date(deadline.dueAt.getTime() + 24 * 3_600_000);
    await t.app.prisma.caseDeadline.update({ where: { id: deadline.id }, data: { dueAt: later } });
    await t.app.followups.reconcile();
    expect(await present(ids(['warn50', 'warn80', 'breach'], deadline.dueAt))).toBe(0);
    expect(await present(ids(['breach'], later))).toBe(1);
    expect((await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).timersFor?.getTime()).toBe(later.getTime());
    expect((await notices(number)).length).toBeLessThanOrEqual(2);
  });
});
