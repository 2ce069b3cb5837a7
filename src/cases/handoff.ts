import type { AttachmentRef } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import { threadPhotoPosts, toThreadPhoto } from './case-thread.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { shortTime } from './case-card.ts';
import type { CaseOutboxDraft } from '../store/case-outbox-store.ts';
import { writeChatOutbox } from '../store/chat-outbox-store.ts';

/** Handoff messages, in one place. */
const TEXT = {
  card: {
    zh: (who: string, reason: string, recent: string[]) => `🙋 商家 ${who} 请求人工客服\n原因：${reason}\n最近消息：\n${recent.map((r) => `· ${r}`).join('\n') || '（无）'}\n在此消息下回复即可发给商家。`,
    en: (who: string, reason: string, recent: string[]) => `🙋 Merchant ${who} asks for a person\nReason: ${reason}\nRecent messages:\n${recent.map((r) => `· ${r}`).join('\n') || '(none)'}\nReply under this message to write to the merchant.`,
  },
  takeover: { zh: '接手', en: 'Take over' },
  handback: { zh: '交还机器人', en: 'Hand back to the bot' },
  merchantTaken: { zh: (name: string) => `人工客服 ${name} 已接入，请直接说明您的问题。`, en: (name: string) => `${name} from our service team has joined; go ahead.` },
  merchantBack: { zh: '人工客服已结束，接下来由机器人继续为您服务。之前填写的内容都还在。', en: 'The service team has handed you back to the bot. Everything you filled in is still here.' },
  relayed: { zh: (text: string) => `商家：${text}`, en: (text: string) => `Merchant: ${text}` },
  photo: { zh: (name: string) => `📷 商家的照片：${name}`, en: (name: string) => `📷 Photo from the merchant: ${name}` },
  waiting: {
    zh: (who: string, since: string, minutes: number) => `⏰ 转人工提醒：商家 ${who} 自 ${since} 请求人工客服，已等待 ${minutes} 分钟（工作时间），仍无人接手（3.3.3）。请及时接手。`,
    en: (who: string, since: string, minutes: number) => `⏰ Handoff reminder: merchant ${who} asked for a person at ${since} and has waited ${minutes} business minutes with nobody taking over (3.3.3). Please take over.`,
  },
  escalated: {
    zh: (who: string, since: string, minutes: number) => `🚨 转人工超时升级：商家 ${who} 自 ${since} 请求人工客服，${minutes} 分钟（工作时间）后仍无人接手（3.3.3）。`,
    en: (who: string, since: string, minutes: number) => `🚨 Handoff escalated: merchant ${who} asked for a person at ${since}; after ${minutes} business minutes nobody has taken over (3.3.3).`,
  },
  notSatisfied: {
    zh: (question: string) => `⚠️ 商家对机器人的回答不满意，仍在等人工答复：${question}`,
    en: (question: string) => `⚠️ The merchant is not satisfied with the bot's answer and is still waiting for a person: ${question}`,
  },
} as const;

/** The card key of a chat's handoff card, for threading staff and merchant messages under it. */
export const handoffCard = (chatId: string) => `handoff-${chatId}`;

const k = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');

/** What a handoff request is: `mark` hands the chat over; `inboundId` makes the request once per inbound event. */
export interface HandoffRequest {
  chatId: string;
  reason: string;
  at: Date;
  mark?: boolean;
  /** The inbound event asking: processed again (a retried turn), it puts up no second card. */
  inboundId?: string;
}

/**
 * Handoff to a person (3.3.3, 6.2.2): the chat is marked as held by people and a card goes to
 * every staff desk with the recent messages and take-over / hand-back buttons. Idempotent: a chat
 * already handed off gets no second card, nor does an inbound event that already asked (a
 * FollowupNotice key per event, written with the card).
 */
export async function requestHandoff(deps: CaseServiceDeps, input: HandoffRequest): Promise<{ already: boolean }> {
  const result = await writeChatOutbox(deps.prisma, {
    merchantChatId: input.chatId,
    at: input.at,
    ...(input.mark === false ? {} : { markHandoff: 'request' as const }),
    ...(input.inboundId === undefined ? {} : { once: { key: `handoff-request:${input.inboundId}`, kind: 'handoff_request' } }),
    build: (chat) => [
      {
        to: 'staff',
        render: (lang) => ({
          text: TEXT.card[k(lang)](chat.merchantName ?? chat.externalChatId, input.reason, chat.recent),
          buttons: [
            { id: `desk:takeover:${input.chatId}`, label: TEXT.takeover[k(lang)] },
            { id: `desk:handback:${input.chatId}`, label: TEXT.handback[k(lang)] },
          ],
          payload: { cardOf: handoffCard(input.chatId) },
        }),
      },
    ],
  });
  deps.onOutbox?.(result.touched);
  // A new request owes its reminder and escalation timers: scheduled now rather than at the next sweep.
  if (!result.skipped && input.mark !== false) deps.onDeadlines?.();
  return { already: result.skipped };
}

/**
 * The reminder (`warn`, to the staff desks) or the escalation (`escalate`, to the managers) of a
 * handoff nobody has taken over, each with the take-over button, so the chat is taken from it.
 */
export function handoffTimerNotice(input: { chatId: string; who: string; since: Date; stage: 'warn' | 'escalate'; minutes: number; timeZone: string }): CaseOutboxDraft[] {
  const since = shortTime(input.since, input.timeZone);
  const words = input.stage === 'warn' ? TEXT.waiting : TEXT.escalated;
  return [
    {
      to: input.stage === 'warn' ? 'staff' : 'manager',
      render: (lang) => ({
        text: words[k(lang)](input.who, since, input.minutes),
        buttons: [{ id: `desk:takeover:${input.chatId}`, label: TEXT.takeover[k(lang)] }],
      }),
    },
  ];
}

/** A person takes the chat: the merchant is told who joined. */
export async function takeOverChat(deps: CaseServiceDeps, input: { chatId: string; staffId: string; staffName: string; at: Date }): Promise<boolean> {
  const result = await writeChatOutbox(deps.prisma, {
    merchantChatId: input.chatId,
    at: input.at,
    markHandoff: { staffId: input.staffId },
    build: () => [{ to: 'merchant', render: (lang) => ({ text: TEXT.merchantTaken[k(lang)](input.staffName) }) }],
  });
  deps.onOutbox?.(result.touched);
  return !result.skipped;
}

/** The chat goes back to the bot with its state intact; the merchant is told. */
export async function handBackChat(deps: CaseServiceDeps, input: { chatId: string; at: Date }): Promise<boolean> {
  const result = await writeChatOutbox(deps.prisma, {
    merchantChatId: input.chatId,
    at: input.at,
    markHandoff: 'clear',
    build: () => [{ to: 'merchant', render: (lang) => ({ text: TEXT.merchantBack[k(lang)] }) }],
  });
  deps.onOutbox?.(result.touched);
  return !result.skipped;
}

/** While a person holds the chat, what the merchant writes (and any photos) goes to the staff desks, under the handoff card. */
export async function relayMerchantMessage(deps: CaseServiceDeps, input: { chatId: string; text: string; attachments?: readonly AttachmentRef[]; at: Date }): Promise<void> {
  const thread = { threadOf: handoffCard(input.chatId), to: 'staff' as const, label: (lang: Lang, name: string) => TEXT.photo[k(lang)](name) };
  const result = await writeChatOutbox(deps.prisma, {
    merchantChatId: input.chatId,
    at: input.at,
    build: () => {
      const caption = input.text.trim();
      const photos = threadPhotoPosts(deps, thread, (input.attachments ?? []).map(toThreadPhoto), caption);
      if (photos.length > 0) return photos;
      return [{ to: 'staff', render: (lang) => ({ text: TEXT.relayed[k(lang)](caption), payload: { threadOf: handoffCard(input.chatId) } }) }];
    },
  });
  deps.onOutbox?.(result.touched);
}

/**
 * The merchant pressed "not satisfied" on an answer that had already put the question on the staff desks (3.3.3):
 * the dissatisfaction goes under that request's card, so staff work one request, not a card and a follow-up case.
 */
export async function addNotSatisfied(deps: CaseServiceDeps, input: { chatId: string; question: string; at: Date }): Promise<void> {
  const result = await writeChatOutbox(deps.prisma, {
    merchantChatId: input.chatId,
    at: input.at,
    build: () => [{ to: 'staff', render: (lang) => ({ text: TEXT.notSatisfied[k(lang)](input.question), payload: { threadOf: handoffCard(input.chatId) } }) }],
  });
  deps.onOutbox?.(result.touched);
}

/** Staff words to a handed-off merchant (a reply under the handoff card). */
export async function relayToMerchant(deps: CaseServiceDeps, input: { chatId: string; text: string; at: Date }): Promise<void> {
  const result = await writeChatOutbox(deps.prisma, {
    merchantChatId: input.chatId,
    at: input.at,
    build: () => [{ to: 'merchant', render: (lang) => ({ text: lang === 'en' ? `Service team: ${input.text}` : `客服：${input.text}` }) }],
  });
  deps.onOutbox?.(result.touched);
}

/** The conversation's door to people (its `PeoplePort`), over the outbox. */
export function createPeoplePort(deps: CaseServiceDeps) {
  return {
    requestHandoff: (input: HandoffRequest & { mark: boolean }) => requestHandoff(deps, input),
    relayToDesk: (input: { chatId: string; text: string; attachments?: readonly AttachmentRef[]; at: Date }) => relayMerchantMessage(deps, input),
    addNotSatisfied: (input: { chatId: string; question: string; at: Date }) => addNotSatisfied(deps, input),
  };
}
