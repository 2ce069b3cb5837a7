import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMerchantReminder } from '../../src/followups/merchant-reminders.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { modesUnderTest } from '../support/services.ts';
import { returnDraft } from '../cases/case-fixtures.ts';

// One hour of reminder time passes in 4 s (room for a second message to land before the first one's reminder
// under a loaded CI); no quiet hours, so the test does not depend on the hour it runs at.
const SCALE = (4 / 3600).toFixed(9);

describe.each(modesUnderTest())('merchant reminders (%s)', (mode) => {
  let t: TestApp;
  const deskPress = (actionId: string, fields?: Record<string, string>) =>
    fetch(`${t.url}/api/desk/staff/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actionId, ...(fields ? { fields } : {}) }) }).then((r) => r.status);
  const texts = async (chat: string) => (await t.messages(chat)).map((m) => String(m.text));
  const reminders = async (chat: string) => (await texts(chat)).filter((text) => text.includes('未完成的售后申请'));

  beforeAll(async () => {
    t = await startTestApp({ mode, env: { FOLLOWUP_TIME_SCALE: SCALE, FOLLOWUP_SWEEP_MS: '300', MERCHANT_QUIET_HOURS: 'none' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a request left half-way is recalled an hour later (scaled), once', async () => {
    const answer = await t.send('left-halfway', '我要退货');
    expect(answer.replies.map((r) => r.text).join('\n')).toContain('订单号');
    await expect.poll(() => reminders('left-halfway'), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    await t.app.followups.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await reminders('left-halfway')).toHaveLength(1);
  });

  it('a merchant who answers in time is not recalled for the state they left', async () => {
    await t.send('answered', '我要退货');
    await t.send('answered', '订单号 JD2026112408151');
    // The first state's reminder was due 4 s after it, when the merchant had already answered; only the newer state's comes.
    await expect.poll(() => reminders('answered'), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await reminders('answered')).toHaveLength(1);
  });

  it('the waybill reminder goes while the goods are not shipped, and not once the merchant gave the number', async () => {
    await t.send('ship-1', '你好');
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: 'ship-1' } });
    const opened = await t.app.cases.openCase({ chatId: chat.id, merchantId: chat.merchantId!, lang: 'zh-CN', draft: returnDraft(new Date().toISOString().slice(0, 10)), at: new Date() });
    expect(await deskPress(`desk:approve:${opened.number}`)).toBe(200);
    expect(await deskPress(`desk:giveReturnAddress:${opened.number}`, { address: '上海市浦东新区仓库 3 号门' })).toBe(200);
    await expect.poll(async () => (await t.app.prisma.case.findUniqueOrThrow({ where: { number: opened.number } })).status, { timeout: 10_000 }).toBe('awaiting_goods');
    const job = { kind: 'ship', subject: opened.id, mark: 'm', fireAt: Date.now() };
    expect(await runMerchantReminder({ cases: caseDeps() }, 'ship-test-1', job)).not.toBeNull();
    expect((await texts('ship-1')).some((text) => text.includes('上海市浦东新区仓库 3 号门') && text.includes('快递单号'))).toBe(true);
    // The same job again writes nothing; after the merchant sends the waybill, a later one writes nothing either.
    expect(await runMerchantReminder({ cases: caseDeps() }, 'ship-test-1', job)).toBeNull();
    await t.send('ship-1', '已寄出，单号 SF1234567890123');
    await expect.poll(async () => (await t.app.prisma.case.findUniqueOrThrow({ where: { number: opened.number } })).trackingNumber, { timeout: 10_000 }).not.toBeNull();
    expect(await runMerchantReminder({ cases: caseDeps() }, 'ship-test-2', job)).toBeNull();
  });

  /** The running app's case dependencies, as its follow-up worker uses them. */
  const caseDeps = () => ({ prisma: t.app.prisma, calendar: t.app.calendar.current, policy: t.app.policy, timeZone: t.config.businessTimeZone, log: silent });
});

const silent = createLogger('silent');
