import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaTimerJobId } from '../../src/domain/sla/sla-timers.ts';
import { addStaff } from '../../src/store/desk-store.ts';
import { qualityDraft } from '../cases/case-fixtures.ts';
import { TEAM } from '../channels/slack/slack-fixtures.ts';
import { startPlatforms, waitFor, type PlatformName, type Platforms, type PrivateChat, type SeenMessage } from '../support/platform-drivers.ts';
import { deskCount } from '../support/platform-steps.ts';
import { STAFF_MEMBER } from '../support/telegram-updates.ts';

// Issue #17: an SLA warning goes to the case's assignee as a direct message (Slack: posted to their
// user id; Telegram: to their private chat, once they started the bot), with the card's buttons
// working there as on the desk; unclaimed cases, and assignees the bot cannot reach privately, keep
// the warning on the staff desks. The whole bot with Slack and Telegram on, against their fake APIs.
describe('SLA warnings to the assignee in a direct message', () => {
  let p: Platforms;
  let jobSeq = 0;
  const SLACK_USER = 'U0STAFF01';
  const TELEGRAM_USER = String(STAFF_MEMBER.id);

  beforeAll(async () => {
    p = await startPlatforms();
  });
  afterAll(async () => {
    await p?.close();
  });

  async function openQualityCase(consoleChat: string) {
    const { t } = p;
    await t.send(consoleChat, '你好');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { platform: 'console', externalChatId: consoleChat }, select: { id: true, merchantId: true } });
    const summary = await t.app.cases.openCase({ chatId: chat.id, merchantId: chat.merchantId!, lang: 'zh-CN', draft: qualityDraft, at: new Date() });
    const deadline = await t.app.prisma.caseDeadline.findFirstOrThrow({ where: { case: { number: summary.number }, step: 'first_contact' } });
    // The card is on both staff desks before any warning, so "the desk got no warning" is about the warning only.
    for (const platform of ['slack', 'telegram'] as const) await waitFor(() => (deskCount(p.drivers[platform], 'staff', summary.number) > 0 ? true : undefined), `the ${platform} card of ${summary.number}`);
    return { number: summary.number, deadline };
  }
  const staffIdOf = async (platform: PlatformName, externalUserId: string) => {
    const workspace = platform === 'slack' ? TEAM : p.fakes.telegram.botId;
    const identity = await p.t.app.prisma.channelIdentity.findUniqueOrThrow({ where: { platform_workspace_externalUserId: { platform, workspace, externalUserId } } });
    return identity.staffId!;
  };
  const assign = (number: string, staffId: string) => p.t.app.prisma.case.update({ where: { number }, data: { assigneeId: staffId } });

  /** Fires the deadline's warning at `percent` now, as its timer would (a job of its own id: the real timers stay scheduled days ahead). */
  async function warn(deadline: { id: string; dueAt: Date }, percent: 50 | 80): Promise<void> {
    jobSeq += 1;
    const jobId = `${slaTimerJobId(deadline.id, `warn${percent}`, deadline.dueAt)}-test${jobSeq}`;
    await p.t.app.followups.queue.add('sla', { deadlineId: deadline.id, stage: `warn${percent}`, dueAt: deadline.dueAt.getTime(), fireAt: Date.now() }, { jobId });
    await expect.poll(() => p.t.app.prisma.followupNotice.count({ where: { key: jobId } }), { timeout: 20_000 }).toBe(1);
  }
  const isWarning = (number: string, percent: number) => (m: SeenMessage) => m.text.includes(number) && m.text.includes(`已过 ${percent}%`);
  const warningIn = (chat: PrivateChat, number: string, percent: number) => waitFor(() => chat.messages().find(isWarning(number, percent)), `the ${percent}% warning of ${number} in the DM`, () => chat.messages().map((m) => m.text.slice(0, 60)));
  const deskWarnings = (platform: PlatformName, number: string, percent: number) => p.drivers[platform].desk('staff').filter(isWarning(number, percent)).length;

  /** Presses "contact" on the DM warning: the step is done and the deadline's timers are removed. */
  async function contactFromDm(dm: PrivateChat, warning: SeenMessage, number: string, deadlineId: string, staffId: string): Promise<void> {
    const contact = warning.buttons.find((b) => b.id === `desk:contact:${number}`);
    expect(contact, 'the DM warning carries the step').toBeDefined();
    await dm.press(warning, contact!);
    await expect.poll(async () => (await p.t.app.prisma.case.findUniqueOrThrow({ where: { number } })).status, { timeout: 20_000 }).toBe('contacted');
    await expect.poll(async () => (await p.t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadlineId } })).timersFor, { timeout: 20_000 }).toBeNull();
    const deadline = await p.t.app.prisma.caseDeadline.findUniqueOrThrow({ where: { id: deadlineId } });
    expect(deadline.metAt).not.toBeNull();
    for (const stage of ['warn50', 'warn80', 'breach']) expect(await p.t.app.followups.queue.getJob(slaTimerJobId(deadlineId, stage, deadline.dueAt))).toBeUndefined();
    // Done by the staff member who pressed in their DM, as on the desk.
    const events = await p.t.app.prisma.caseEvent.findMany({ where: { case: { number }, kind: 'contact' } });
    expect(events.map((e) => [e.actorKind, e.actorId])).toEqual([['staff', staffId]]);
  }

  it('Slack: the 50% warning reaches the assignee at chat.postMessage to their user id, not the desk, and "contact" pressed in the DM does the step', async () => {
    const { number, deadline } = await openQualityCase('dm-slack');
    const staffId = await staffIdOf('slack', SLACK_USER);
    await assign(number, staffId);
    await warn(deadline, 50);

    const dm = p.drivers.slack.staffDm('staff');
    const warning = await warningIn(dm, number, 50);
    expect(warning.text).toContain('Li Wei');
    const dmChat = await p.t.app.prisma.chat.findUniqueOrThrow({ where: { id: await dm.chatId() } });
    expect(dmChat).toMatchObject({ kind: 'staff_dm', workspace: TEAM, externalChatId: SLACK_USER });
    // Only the assignee: no desk copy at 50%; Li Wei has no Telegram identity, so no Telegram DM.
    await p.drivers.slack.settled({ caseNumber: number });
    expect(deskWarnings('slack', number, 50)).toBe(0);
    expect(deskWarnings('telegram', number, 50)).toBe(0);
    const rows = await p.t.app.prisma.outboundMessage.findMany({ where: { case: { number }, text: { contains: '已过 50%' } }, include: { chat: true } });
    expect(rows.map((r) => r.chat.kind)).toEqual(['staff_dm']);

    await contactFromDm(dm, warning, number, deadline.id, staffId);
    // A DM is never a desk: the card refreshed after the step went to the desks only, and the DM was never edited.
    expect(p.fakes.slack.callsOf('chat.update').filter((c) => c.args.channel === SLACK_USER)).toHaveLength(0);
    expect(await p.t.app.prisma.outboundMessage.count({ where: { chatId: dmChat.id } })).toBe(1);
  });

  it('Telegram: never started → the desk; after /start the DM gets the warning (80%: the desk a copy), and "contact" pressed there does the step', async () => {
    const { number, deadline } = await openQualityCase('dm-telegram');
    const staffId = await staffIdOf('telegram', TELEGRAM_USER);
    await assign(number, staffId);
    const dm = p.drivers.telegram.staffDm('staff');

    // Telegram refuses a bot's first message to a user: with no private chat opened, the warning stays on the desks.
    await warn(deadline, 50);
    // Each platform delivers on its own queue: wait for both.
    for (const platform of ['telegram', 'slack'] as const) {
      await waitFor(() => (deskWarnings(platform, number, 50) === 1 ? true : undefined), `the 50% warning on the ${platform} desk`);
    }
    expect(dm.messages()).toHaveLength(0);

    // The staff member starts the bot: their private chat is their DM (a desk surface, no merchant is opened for them).
    await dm.send('/start');
    await waitFor(() => dm.messages().find((m) => m.text.includes('时限提醒会发到这里')), 'the DM hint');
    expect(await p.t.app.prisma.chat.count({ where: { platform: 'telegram', externalChatId: TELEGRAM_USER, kind: 'merchant' } })).toBe(0);
    const identity = await p.t.app.prisma.channelIdentity.findFirstOrThrow({ where: { platform: 'telegram', externalUserId: TELEGRAM_USER } });
    expect(identity.merchantId).toBeNull();

    await warn(deadline, 80);
    const warning = await warningIn(dm, number, 80);
    // From 80% on the desk gets a copy too, so colleagues can step in.
    for (const platform of ['telegram', 'slack'] as const) {
      await waitFor(() => (deskWarnings(platform, number, 80) === 1 ? true : undefined), `the 80% desk copy on ${platform}`);
    }

    await contactFromDm(dm, warning, number, deadline.id, staffId);
  });

  it('an unclaimed case: the warning goes to the staff desks, no DM is opened', async () => {
    const { number, deadline } = await openQualityCase('dm-unclaimed');
    const dmsBefore = await p.t.app.prisma.chat.count({ where: { kind: 'staff_dm' } });
    await warn(deadline, 50);
    for (const platform of ['slack', 'telegram'] as const) {
      await waitFor(() => (deskWarnings(platform, number, 50) === 1 ? true : undefined), `the 50% warning on the ${platform} desk`);
    }
    const warning = p.drivers.slack.desk('staff').find(isWarning(number, 50))!;
    expect(warning.text).toContain('尚未认领');
    expect(await p.t.app.prisma.chat.count({ where: { kind: 'staff_dm' } })).toBe(dmsBefore);
    expect(await p.t.app.prisma.outboundMessage.count({ where: { case: { number }, text: { contains: '已过 50%' }, chat: { kind: 'staff_dm' } } })).toBe(0);
  });

  it('an assignee with no identity on Slack or Telegram (console only): the warning goes to the staff desks', async () => {
    const { number, deadline } = await openQualityCase('dm-console-staff');
    const consoleStaff = await addStaff(p.t.app.prisma, { platform: 'console', workspace: '', externalUserId: 'console-zhao', name: 'Zhao Lei', role: 'staff', lang: 'zh-CN' });
    await assign(number, consoleStaff.id);
    await warn(deadline, 50);
    for (const platform of ['slack', 'telegram'] as const) {
      await waitFor(() => (deskWarnings(platform, number, 50) === 1 ? true : undefined), `the 50% warning on the ${platform} desk`);
    }
    expect(p.drivers.slack.desk('staff').find(isWarning(number, 50))!.text).toContain('Zhao Lei');
    expect(await p.t.app.prisma.outboundMessage.count({ where: { case: { number }, chat: { kind: 'staff_dm' } } })).toBe(0);
  });

  it("a staff member's private messages are desk events even where a merchant chat was opened for them before they were staff", async () => {
    // The manager wrote to the app's DM before this release: a merchant chat at the IM id.
    await p.t.app.prisma.chat.create({ data: { platform: 'slack', workspace: TEAM, externalChatId: 'D0MANAG01', kind: 'merchant' } });
    const dm = p.drivers.slack.staffDm('manager');
    await dm.send('hello');
    await waitFor(() => dm.messages().find((m) => m.text.includes('时限提醒会发到这里')), 'the DM hint', () => dm.messages().map((m) => m.text));
    expect(p.fakes.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D0MANAG01')).toHaveLength(0);
  });

  it('a DM Telegram refuses (403: the user blocked the bot) is dead-lettered at once, not retried', async () => {
    const { number, deadline } = await openQualityCase('dm-blocked');
    await assign(number, await staffIdOf('telegram', TELEGRAM_USER));
    const dm = p.drivers.telegram.staffDm('staff');
    await dm.send('/start');
    await waitFor(() => dm.messages().find((m) => m.text.includes('时限提醒会发到这里')), 'the DM hint');
    // Then they block the bot.
    p.fakes.telegram.block(TELEGRAM_USER);
    await warn(deadline, 50);
    await expect
      .poll(async () => (await p.t.app.prisma.outboundMessage.findFirst({ where: { case: { number }, chat: { kind: 'staff_dm', platform: 'telegram' } } }))?.status, { timeout: 20_000 })
      .toBe('dead');
    const row = await p.t.app.prisma.outboundMessage.findFirstOrThrow({ where: { case: { number }, chat: { kind: 'staff_dm', platform: 'telegram' } } });
    expect(row).toMatchObject({ attempts: 1, lastError: 'delivery.rejected' });
  });
});
