import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/domain/calendar/index.ts';
import { handoffJobId } from '../../src/domain/sla/handoff-timers.ts';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { runHandoffTimer } from '../../src/followups/handoff-timers.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';

interface FeedItem {
  id: string;
  text: string;
  buttons: Array<{ id: string; label: string }> | null;
}

/** How long, in test time, the complaint-handling target (3 working days, 4.3.2) of a complaint recorded now takes. */
const DEADLINE_IN_TEST_MS = 8_000;
const calendar = createWorkingCalendar({ timeZone: 'Asia/Shanghai', hours: [{ start: '09:00', end: '18:00' }] });

/** A scale that makes a complaint recorded now fall due about DEADLINE_IN_TEST_MS from now, whatever the day. */
function scaleForNow(): number {
  const now = new Date();
  return DEADLINE_IN_TEST_MS / (calendar.addWorkingDays(now, 3).deadline.getTime() - now.getTime());
}

// The handoff reminder comes after one business minute (at this scale: at once by day, a few seconds at
// night or over a weekend); the escalation after 10 000 business minutes, weeks of real time that the
// scale makes half a minute or more, so the test decides when it runs: after the take-over, or directly.
const HANDOFF_ENV = { HANDOFF_WARN_MINUTES: '1', HANDOFF_ESCALATE_MINUTES: '10000' };

describe.each(modesUnderTest())('complaint and handoff timers (%s)', (mode) => {
  let t: TestApp;
  const feed = async (desk: 'staff' | 'manager') => ((await (await fetch(`${t.url}/api/desk/${desk}/feed`)).json()) as { messages: FeedItem[] }).messages;
  const press = (desk: 'staff' | 'manager', actionId: string, fields?: Record<string, string>) =>
    fetch(`${t.url}/api/desk/${desk}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actionId, ...(fields ? { fields } : {}) }) }).then((r) => r.status);
  /** The running app's case dependencies, as its follow-up worker uses them. */
  const cases = () => ({ prisma: t.app.prisma, calendar: t.app.calendar.current, policy: t.app.policy, timeZone: t.config.businessTimeZone, log: createLogger('silent') });

  async function recordComplaint(chat: string) {
    await t.send(chat, '你好');
    const row = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chat }, select: { id: true, merchantId: true } });
    const summary = await t.app.cases.openCase({ chatId: row.id, merchantId: row.merchantId!, lang: 'zh-CN', draft: { type: 'complaint', description: '客服态度恶劣', accusedName: '王客服' }, at: new Date() });
    const deadline = await t.app.prisma.caseDeadline.findFirstOrThrow({ where: { case: { number: summary.number }, step: 'complaint_handling' } });
    return { number: summary.number, deadline, summary };
  }

  async function askForPerson(chat: string) {
    await t.send(chat, '转人工');
    const row = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chat }, select: { id: true, handoffSince: true, handoffStaffId: true } });
    expect(row.handoffSince).not.toBeNull();
    expect(row.handoffStaffId).toBeNull();
    return { chatId: row.id, since: row.handoffSince! };
  }
  const waitingReminders = async (chatId: string) => (await feed('staff')).filter((m) => m.text.includes('转人工提醒') && m.buttons?.some((b) => b.id === `desk:takeover:${chatId}`));
  const escalations = async (chatId: string) => (await feed('manager')).filter((m) => m.text.includes('转人工超时升级') && m.buttons?.some((b) => b.id === `desk:takeover:${chatId}`));

  beforeAll(async () => {
    t = await startTestApp({ mode, env: { FOLLOWUP_TIME_SCALE: scaleForNow().toFixed(12), FOLLOWUP_SWEEP_MS: '500', ...HANDOFF_ENV } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a complaint left untouched: managers get the reminders and the escalation; the staff desk sees nothing of it; the merchant is never told the target', async () => {
    const { number, deadline, summary } = await recordComplaint('complaint-untouched');
    expect(summary.nextDeadline).toBeNull();
    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).breachedAt, { timeout: 45_000, interval: 250 }).not.toBeNull();

    const keys = (await t.app.prisma.followupNotice.findMany({ where: { caseId: deadline.caseId }, orderBy: { createdAt: 'asc' } })).map((n) => n.key);
    expect(keys).toEqual([slaTimerJobId(deadline.id, 'warn50', deadline.dueAt), slaTimerJobId(deadline.id, 'warn80', deadline.dueAt)]);
    const managers = (await feed('manager')).filter((m) => m.text.includes(number));
    expect(managers.filter((m) => m.text.includes('时限提醒')).map((m) => /已过 (\d+)%/.exec(m.text)?.[1])).toEqual(['50', '80']);
    for (const reminder of managers.filter((m) => m.text.includes('时限提醒'))) {
      expect(reminder.text).toContain('投诉处理');
      expect(reminder.text).toContain('4.3.2');
      expect(reminder.buttons?.map((b) => b.id)).toContain(`desk:startReview:${number}`);
    }
    await expect.poll(async () => (await feed('manager')).filter((m) => m.text.includes(number) && m.text.includes('超时升级')).length, { timeout: 10_000 }).toBe(1);
    // Nothing about the complaint reaches the staff desk, where the staff member concerned works (4.3.2).
    expect((await feed('staff')).filter((m) => m.text.includes(number) || m.text.includes('王客服'))).toEqual([]);
    // The merchant's own view of the case names no deadline: the target is the platform's, not a promise.
    const status = (await t.send('complaint-untouched', '我的售后')).replies.map((r) => r.text).join('\n');
    expect(status).toContain(number);
    expect(status).not.toMatch(/处理期限|工作人员将在|投诉处理/);
  });

  it('a manager concluding the complaint meets the target: no escalation follows', async () => {
    const { number, deadline } = await recordComplaint('complaint-handled');
    expect(await press('manager', `desk:startReview:${number}`)).toBe(200);
    expect(await press('manager', `desk:resolve:${number}`, { note: '已与商家沟通并致歉' })).toBe(200);
    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).metAt, { timeout: 10_000 }).not.toBeNull();
    await expect.poll(async () => (await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).timersFor, { timeout: 10_000 }).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, DEADLINE_IN_TEST_MS));
    expect((await t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadline.id } })).breachedAt).toBeNull();
    expect((await feed('manager')).some((m) => m.text.includes(number) && m.text.includes('超时升级'))).toBe(false);
  });

  it('a handoff nobody takes: the staff desks are reminded with the take-over button, once; the escalation goes to the managers', async () => {
    const { chatId, since } = await askForPerson('handoff-untaken');
    await expect.poll(() => waitingReminders(chatId), { timeout: 30_000, interval: 250 }).toHaveLength(1);
    const escalateId = handoffJobId(chatId, since, 'escalate');
    expect(await t.app.followups.queue.getJob(escalateId)).toBeTruthy();
    expect(await escalations(chatId)).toHaveLength(0);

    // The escalation, run as the worker will run it when it falls due: to the managers, once.
    const job = { chatId, since: since.getTime(), stage: 'escalate', fireAt: Date.now() };
    const config = { handoff: { warnMinutes: 1, escalateMinutes: 10_000 } };
    expect(await runHandoffTimer({ cases: cases(), config }, escalateId, job)).not.toBeNull();
    expect(await runHandoffTimer({ cases: cases(), config }, escalateId, job)).toBeNull();
    expect(await escalations(chatId)).toHaveLength(1);
    expect((await feed('staff')).filter((m) => m.text.includes('转人工超时升级'))).toEqual([]);
    await t.app.followups.reconcile();
    expect(await waitingReminders(chatId)).toHaveLength(1);
    // A manager takes the chat over from the escalation itself.
    expect(await press('manager', `desk:takeover:${chatId}`)).toBe(200);
    await expect.poll(async () => (await t.app.prisma.chat.findUniqueOrThrow({ where: { id: chatId } })).handoffStaffId, { timeout: 10_000 }).not.toBeNull();
  });

  it('pressing take-over on the reminder stops the escalation', async () => {
    const { chatId, since } = await askForPerson('handoff-taken');
    let reminder: FeedItem | undefined;
    await expect.poll(async () => (reminder = (await waitingReminders(chatId))[0]), { timeout: 30_000, interval: 250 }).toBeDefined();
    const takeOver = reminder!.buttons!.find((b) => b.id === `desk:takeover:${chatId}`)!;
    expect(await press('staff', takeOver.id)).toBe(200);
    await expect.poll(async () => (await t.app.prisma.chat.findUniqueOrThrow({ where: { id: chatId } })).handoffStaffId, { timeout: 10_000 }).not.toBeNull();

    const escalateId = handoffJobId(chatId, since, 'escalate');
    const job = { chatId, since: since.getTime(), stage: 'escalate', fireAt: Date.now() };
    expect(await runHandoffTimer({ cases: cases(), config: { handoff: { warnMinutes: 1, escalateMinutes: 10_000 } } }, escalateId, job)).toBeNull();
    expect(await escalations(chatId)).toHaveLength(0);
    expect(await t.app.prisma.followupNotice.count({ where: { chatId, kind: 'handoff_escalation' } })).toBe(0);
  });
});
