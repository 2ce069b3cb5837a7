import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseNotFound } from '../../src/cases/case-messages.ts';
import { surveyActionId } from '../../src/contracts/survey-action.ts';
import { blockActions, SIGNING_SECRET, STAFF, TEAM } from '../channels/slack/slack-fixtures.ts';
import { signedHeaders } from '../support/slack-signer.ts';
import { startPlatforms, TELEGRAM_SECRET, waitFor, type MerchantHandle, type PlatformName, type Platforms, type SeenMessage } from '../support/platform-drivers.ts';
import { answers, card, confirm, deskCount, says } from '../support/platform-steps.ts';
import { callbackQuery, STAFF_CHAT_ID, STAFF_MEMBER } from '../support/telegram-updates.ts';

// Who may see and change a case, on Slack and Telegram (the console's desks are the operator's, behind
// its token): only registered staff act on cards; a merchant sees only their own cases, even by
// number; a complaint (4.3.2) never reaches the staff it names, only managers.

const ORDER = 'TB8826611903';
const EXCHANGE: Array<readonly [string, string]> = [
  ['鞋子买小了，想换货', '请提供订单号'],
  [ORDER, '涉及几件'],
  ['一双', '哪天收到货'],
  ['11月20日', '请核对您的换货申请'],
];
/** What the exchange's owner wrote: none of it may reach anyone but the owner and staff. */
const PRIVATE = [ORDER, '鞋子', '买小了'];

const OUTSIDERS = { slack: 'U0NOTSTAFF', telegram: 6_660_001 } as const;
const REFUSED = '只有登记的工作人员';

let platforms: Platforms;
beforeAll(async () => {
  platforms = await startPlatforms();
});
afterAll(async () => {
  await platforms?.close();
});

/** A press on a button, as the platform would post it, by anyone in any chat. */
async function rawPress(platform: PlatformName, actionId: string, where: { chat: string; messageRef: string; user: string }): Promise<void> {
  const t = platforms.t;
  let res: Response;
  if (platform === 'slack') {
    const payload = { ...blockActions(actionId, { channel: where.chat, messageTs: where.messageRef, actionTs: `${Date.now() / 1000}` }), user: { id: where.user, username: where.user, team_id: TEAM } };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    res = await fetch(`${t.url}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, Math.floor(Date.now() / 1000), body, 'application/x-www-form-urlencoded'), body });
  } else {
    const from = { ...STAFF_MEMBER, id: Number(where.user), first_name: 'Someone' };
    const update = callbackQuery(actionId, Number(where.chat), Number(where.messageRef), { from });
    res = await fetch(`${t.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(update) });
  }
  expect(res.status).toBe(200);
}

/** Waits until every accepted event was processed and the outbox is empty, so "nothing changed" is checked after the fact. */
async function idle(): Promise<void> {
  const prisma = platforms.t.app.prisma;
  await expect
    .poll(async () => (await prisma.inboundEvent.count({ where: { processedAt: null } })) + (await prisma.outboundMessage.count({ where: { status: { in: ['pending', 'sending', 'failed'] } } })), { timeout: 20_000, interval: 50 })
    .toBe(0);
}

/** What a case is, for "unchanged": state, holder, and every event. */
async function snapshot(number: string) {
  const row = await platforms.t.app.prisma.case.findUniqueOrThrow({ where: { number }, include: { events: { select: { kind: true, actorId: true } } } });
  return { status: row.status, assigneeId: row.assigneeId, closedAt: row.closedAt, events: row.events, ratings: await platforms.t.app.prisma.satisfactionRating.count({ where: { caseId: row.id } }) };
}

const staffChat = (platform: PlatformName) => (platform === 'slack' ? STAFF : String(STAFF_CHAT_ID));
const merchantChat = async (platform: PlatformName, m: MerchantHandle) => (await platforms.t.app.prisma.chat.findUniqueOrThrow({ where: { id: await m.chatId() } })).externalChatId;
/** The merchant's own user id (the drivers' Slack merchant `U0…` writes in `D0…`; a Telegram private chat's id is its user's). */
const merchantUser = async (platform: PlatformName, m: MerchantHandle) => {
  const chat = await merchantChat(platform, m);
  return platform === 'slack' ? `U0${chat.slice(2)}` : chat;
};

describe.each<PlatformName>(['slack', 'telegram'])('%s', (platform) => {
  let owner: MerchantHandle;
  let number: string;
  let staffCard: SeenMessage;

  beforeAll(async () => {
    const d = platforms.drivers[platform];
    owner = d.merchant('zh');
    number = await confirm(owner, await answers(owner, EXCHANGE), /EX-\d{8}-\d{4}/);
    staffCard = await card(d, 'staff', number, (c) => c.buttons.length > 0);
  });

  it('someone in the staff chat who is not staff presses every button on the card: each refused, the case unchanged', async () => {
    const d = platforms.drivers[platform];
    await idle();
    const before = await snapshot(number);
    const refusalsBefore = deskCount(d, 'staff', REFUSED);
    expect(staffCard.buttons.map((b) => b.id.split(':')[1])).toEqual(['claim', 'approve', 'reject']);
    for (const button of staffCard.buttons) await rawPress(platform, button.id, { chat: staffChat(platform), messageRef: staffCard.ref, user: String(OUTSIDERS[platform]) });
    await waitFor(() => (deskCount(d, 'staff', REFUSED) >= refusalsBefore + staffCard.buttons.length ? true : undefined), 'a refusal for each press');
    await idle();
    expect(await snapshot(number)).toEqual(before);
  });

  it('a merchant forges staff presses from their own chat: nothing changes, and they are told nothing of the case', async () => {
    const d = platforms.drivers[platform];
    const forger = d.merchant('zh');
    await says(forger, '你好', /./);
    await idle();
    const before = await snapshot(number);
    const seen = forger.messages().length;
    const chat = await merchantChat(platform, forger);
    const user = await merchantUser(platform, forger);
    const forged = [...staffCard.buttons.map((b) => b.id), `desk:claim:${number}`, `desk:approve:${number}`, `desk:reassign:${number}`];
    for (const actionId of forged) await rawPress(platform, actionId, { chat, messageRef: forger.messages().at(-1)!.ref, user });
    await idle();
    expect(await snapshot(number)).toEqual(before);
    const told = forger.messages().slice(seen).map((m) => m.text).join('\n');
    for (const secret of [...PRIVATE, number]) expect(told).not.toContain(secret);
  });

  it("a merchant asking for another merchant's case by its number gets nothing of it, and cannot cancel or rate it", async () => {
    const d = platforms.drivers[platform];
    // The owner asking the same gets the case: the question is one the bot answers.
    const own = await says(owner, `${number} 进度怎么样`, number);
    expect(own.text).toContain('鞋子');

    const stranger = d.merchant('zh');
    await idle();
    const before = await snapshot(number);
    const questions = [`${number} 进度怎么样`, `查询 ${number}`, `what is the status of ${number.toLowerCase()}`, `取消 ${number}`, `${number} 处理得我不满意`];
    const replies: string[] = [];
    for (const question of questions) replies.push((await says(stranger, question, /./)).text);
    const chat = await merchantChat(platform, stranger);
    const user = await merchantUser(platform, stranger);
    for (const actionId of [`case:cancel:${number}`, `case:cancel-yes:${number}`, surveyActionId(1, number)]) {
      await rawPress(platform, actionId, { chat, messageRef: stranger.messages().at(-1)!.ref, user });
    }
    await idle();
    expect(await snapshot(number)).toEqual(before);
    const told = stranger.messages().map((m) => m.text).join('\n');
    for (const secret of PRIVATE) expect(told, replies.join(' | ')).not.toContain(secret);
    // Nothing says the case exists: its status is not named either.
    expect(told).not.toMatch(/待审核|已提交|requested/);
  });
});

describe.each<PlatformName>(['slack', 'telegram'])('%s: a complaint naming a staff member', (platform) => {
  const accused = platform === 'slack' ? 'Li Wei' : 'Li Na';
  const complaint = `I want to complain about your staff member ${accused}, she was really rude to me on the phone`;

  it('reaches the managers only: not the staff desk, not the named staff member\'s DM, not the staff listing; their presses on it are refused', async () => {
    const d = platforms.drivers[platform];
    const m = d.merchant('en');
    const number = await confirm(m, await answers(m, [[complaint, 'check your complaint']]), /CP-\d{8}-\d{4}/);
    const managerCard = await card(d, 'manager', number);
    expect(managerCard.text).toContain(accused);
    await idle();

    // The staff member named (a registered staff member, not a manager) tries the manager's steps with forged presses.
    const before = await snapshot(number);
    const staffUser = platform === 'slack' ? 'U0STAFF01' : String(STAFF_MEMBER.id);
    for (const step of ['claim', 'reassign', 'startReview', 'resolve']) {
      await rawPress(platform, `desk:${step}:${number}`, { chat: staffChat(platform), messageRef: platform === 'slack' ? '1764000000.000001' : '1', user: staffUser });
    }
    await idle();
    expect(await snapshot(number)).toEqual(before);

    // Their presses are answered as for a number that does not exist (the number is theirs, it tells them nothing).
    const notFound = Object.values(caseNotFound(number));
    const leaks = (messages: SeenMessage[]) =>
      messages.filter((msg) => !notFound.includes(msg.text) && [number, 'rude', 'complain', '投诉'].some((word) => msg.text.includes(word)));
    for (const each of Object.values(platforms.drivers)) {
      expect(leaks(each.desk('staff')), `${each.platform} staff desk`).toEqual([]);
      expect(leaks(each.staffDm('staff').messages()), `${each.platform} staff DM`).toEqual([]);
    }
    const listing = async (path: string) => JSON.stringify(await (await fetch(`${platforms.t.url}${path}`)).json());
    expect(await listing('/api/desk/staff/cases')).not.toContain(number);
    expect(await listing('/api/desk/staff/feed')).not.toContain(number);
    expect(await listing('/api/desk/manager/cases')).toContain(number);
  });
});
