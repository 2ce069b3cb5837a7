import { z } from 'zod';
import { formFieldNames, type FormFieldName } from '../contracts/channel.ts';
import type { ChatContext, ConversationInput, ConversationResult, Orchestrator, Reply } from '../contracts/conversation.ts';
import { parseLangTag, type Lang } from '../contracts/lang.ts';
import type { CaseServiceDeps } from '../cases/case-deps.ts';
import { deskActionSchema, type DeskAction } from '../cases/desk-actions.ts';
import { handBackChat, relayToMerchant, takeOverChat } from '../cases/handoff.ts';
import { claimCase, relayStaffMessage, takeStaffStep, type DeskActor } from '../cases/staff-steps.ts';
import { CASE_FIELDS } from '../domain/cases/case-fields.ts';
import type { CaseStatus, CaseType } from '../domain/cases/case-machines.ts';
import { transitionFor } from '../domain/cases/case-queries.ts';
import { anchorOfDeskMessage, deskQuestionText, findStaffByIdentity } from '../store/desk-store.ts';
import { findCaseIdByNumber } from '../store/case-assign-store.ts';
import type { SqlPool } from '../store/sql-pool.ts';
import type { Logger } from '../log.ts';

/**
 * Steps waiting for the text they need (a refusal reason, an address), per staff member and case
 * (key `<staffId>:<case number>`): the answer is the reply to the question naming the case, so two
 * questions open at once, or a word to colleagues meanwhile, never fill the wrong case.
 */
const deskStateSchema = z.object({
  pending: z
    .record(z.string(), z.object({ actionId: z.string(), missing: z.array(z.enum(formFieldNames)), collected: z.record(z.string(), z.string()) }))
    .default({}),
});
type DeskState = z.infer<typeof deskStateSchema>;

const TEXT = {
  notStaff: { zh: '只有登记的工作人员可以操作案件。', en: 'Only registered staff can act on cases.' },
  unknownAction: { zh: '这个按钮已失效，请在最新的案件卡片上操作。', en: 'This button is no longer valid; use the latest case card.' },
  ask: { zh: (label: string, n: string) => `请回复本条消息，填写「${label}」（${n}）。`, en: (label: string, n: string) => `Reply to this message with the ${label} (${n}).` },
  invalid: { zh: (label: string) => `「${label}」格式不对，请重新填写。`, en: (label: string) => `That ${label} is not valid; please send it again.` },
  handoffGone: { zh: '该对话已不在人工处理中。', en: 'That chat is no longer with a person.' },
  dmHint: { zh: '你负责的案件的时限提醒会发到这里，可直接点提醒上的按钮处理。', en: 'SLA reminders for the cases you hold arrive here; act on them with their buttons.' },
} as const;

const k = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');
const pendingKey = (staffId: string, caseNumber: string) => `${staffId}:${caseNumber}`;
const CASE_NUMBER_IN_TEXT = /[A-Z]{2,4}-\d{8}-\d{3,6}/;
/** Questions left unanswered are dropped oldest first past this many per desk chat. */
const MAX_PENDING = 50;

/**
 * The staff and manager desks: every event from a staff or manager chat, or a staff member's DM (a button on a case card or an SLA warning,
 * a form's answer, a reply under a card) becomes a case step, a claim, a handoff change or a
 * message to the merchant. Who may do what is decided by the state tables and the staff list in
 * the database, never by the platform: a button pressed by someone who is not staff is refused.
 */
export function createStaffDesk(deps: { cases: CaseServiceDeps; sql: SqlPool; log: Logger }): Orchestrator {
  return {
    async handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult> {
      const parsed = deskStateSchema.safeParse(chat.state ?? {});
      const state: DeskState = parsed.success ? parsed.data : { pending: {} };
      const replies: Reply[] = [];
      const done = (lang: Lang = chat.lang): ConversationResult => ({ replies, state, lang });
      const sender = input.sender;
      if (!sender || !chat.address) return done();
      const staff = await findStaffByIdentity(deps.sql, chat.address.platform, chat.address.workspace, sender.externalUserId);
      if (staff === null) {
        // Staff chatting among themselves is not the bot's business; a button press by an outsider is refused and logged.
        if (input.kind === 'action') {
          deps.log.warn({ chatId: chat.chatId, platform: chat.address.platform, userId: sender.externalUserId }, 'staff action by someone who is not staff refused');
          replies.push({ text: TEXT.notStaff[k(parseLangTag(sender.langTag) ?? chat.lang)] });
        }
        return done();
      }
      const lang = parseLangTag(staff.lang) ?? chat.lang;
      const actor: DeskActor = { kind: staff.role, staffId: staff.id, name: staff.name };
      const say = (text: string) => replies.push({ text });

      if (input.kind === 'action') {
        const action = deskActionSchema.safeParse(input.actionId ?? '');
        if (!action.success) {
          say(TEXT.unknownAction[k(lang)]);
          return done(lang);
        }
        await run(action.data, input.fields ?? {}, input.actionId ?? '');
        return done(lang);
      }

      const text = (input.text ?? '').trim();
      // Only a reply to the desk's question answers it (Telegram's "reply to this message"); the question names its case.
      const question = text && input.inReplyTo ? await deskQuestionText(deps.sql, chat.chatId, input.inReplyTo) : null;
      const askedFor = question ? CASE_NUMBER_IN_TEXT.exec(question)?.[0] : undefined;
      const key = askedFor ? pendingKey(staff.id, askedFor) : undefined;
      const pending = key ? state.pending[key] : undefined;
      if (key && pending) {
        const field = pending.missing[0];
        if (field !== undefined) {
          const value = CASE_FIELDS[field].schema.safeParse(text);
          if (!value.success) {
            say(TEXT.invalid[k(lang)](CASE_FIELDS[field].label[k(lang)]));
            return done(lang);
          }
          pending.collected[field] = value.data;
          pending.missing.shift();
        }
        if (pending.missing.length > 0) return done(lang);
        delete state.pending[key];
        const action = deskActionSchema.safeParse(pending.actionId);
        if (action.success) await run(action.data, pending.collected, pending.actionId);
        return done(lang);
      }
      if (text && input.inReplyTo) {
        const anchor = await anchorOfDeskMessage(deps.sql, chat.chatId, input.inReplyTo);
        if (anchor && 'caseId' in anchor) await relayStaffMessage(deps.cases, { caseId: anchor.caseId, text, actor, at: input.receivedAt });
        else if (anchor) await relayToMerchant(deps.cases, { chatId: anchor.handoffChatId, text, at: input.receivedAt });
      } else if (chat.surface === 'staff_dm') {
        // Writing to the bot privately (Telegram's /start, which lets the bot write back) is not a merchant's message: say what the chat is for.
        say(TEXT.dmHint[k(lang)]);
      }
      return done(lang);

      async function run(action: DeskAction, fields: Partial<Record<FormFieldName, string>>, actionId: string): Promise<void> {
        const at = input.receivedAt;
        if (action.kind === 'takeover' || action.kind === 'handback') {
          const changed =
            action.kind === 'takeover'
              ? await takeOverChat(deps.cases, { chatId: action.subject, staffId: staff!.id, staffName: staff!.name, at })
              : await handBackChat(deps.cases, { chatId: action.subject, at });
          if (!changed && action.kind === 'handback') say(TEXT.handoffGone[k(lang)]);
          return;
        }
        if (action.kind === 'claim' || action.kind === 'reassign') {
          const claimed = await claimCase(deps.cases, { caseNumber: action.subject, actor, at, reassign: action.kind === 'reassign' });
          if (!claimed.ok) say(claimed.message[k(lang)]);
          return;
        }
        const key = pendingKey(staff!.id, action.caseNumber);
        delete state.pending[key];
        const missing = await missingFields(action, fields);
        if (missing.length > 0) {
          state.pending[key] = { actionId, missing, collected: { ...fields } as Record<string, string> };
          for (const old of Object.keys(state.pending).slice(0, -MAX_PENDING)) delete state.pending[old];
          say(TEXT.ask[k(lang)](CASE_FIELDS[missing[0]!].label[k(lang)], action.caseNumber));
          return;
        }
        const result = await takeStaffStep(deps.cases, { caseNumber: action.caseNumber, event: action.event, ...(action.remedy ? { remedy: action.remedy } : {}), fields, actor, at });
        if (!result.ok) say(result.message[k(lang)]);
      }

      /** The text fields the step's table row requires that the event did not bring (Telegram and the console ask for them). */
      async function missingFields(action: Extract<DeskAction, { kind: 'step' }>, fields: Partial<Record<FormFieldName, string>>): Promise<FormFieldName[]> {
        const found = await findCaseIdByNumber(deps.cases.prisma, action.caseNumber);
        if (!found) return [];
        const status = await deps.cases.prisma.case.findUnique({ where: { id: found.id }, select: { status: true } });
        const requires = transitionFor(found.type as CaseType, (status?.status ?? '') as CaseStatus, action.event)?.requires ?? [];
        return requires.filter((f): f is FormFieldName => (formFieldNames as readonly string[]).includes(f) && !fields[f as FormFieldName]);
      }
    },
  };
}
