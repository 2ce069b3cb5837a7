import type { Command } from '../domain/intake/index.ts';
import { asksToCancel, checkPhotos, findCaseNumber, isAcknowledgement, isPhotoLabel, MAX_PHOTOS, findTrackingNumber, normalizeInput, parseCorrection } from '../domain/intake/index.ts';
import { classifyMessage } from '../domain/intake/classify-message.ts';
import { extractFacts } from '../domain/intake/extract-facts.ts';
import { localDate } from '../domain/calendar/index.ts';
import type { MessageFacts, MessageIntent, Understanding, UnderstandingContext } from '../domain/intake/understanding.ts';
import type { CaseSummary } from '../contracts/cases.ts';
import { actionIds } from './action-ids.ts';
import { answerStatus, isOpen, openFollowup, recentCases } from './case-intents.ts';
import { askCancelCase, cancelCase, showCase, showCases } from './case-status.ts';
import { confirmDraft } from './confirm-draft.ts';
import type { Draft, DraftFields } from './conversation-state.ts';
import { askDate, confirmPendingDate, dateReply } from './date-confirm.ts';
import { applyChange, createDraft, promptAgain, promptCurrent, showEditMenu, showSummary, slotButtons } from './draft-steps.ts';
import type { FlowKind, SlotName } from './intake-flows.ts';
import { COMMON_SLOTS, flowHasSlot, FREE_TEXT_SLOTS } from './intake-flows.ts';
import { isMessageAboutCase, passToCase, postPendingMessage } from './message-to-case.ts';
import { receivePhotos } from './photo-intake.ts';
import { declineComment, takeComment } from './satisfaction-replies.ts';
import { checkReturnWindow, windowText } from './return-window.ts';
import { askForPerson, cancelDraft, consult, menuButtons, remindDraft, showHelp, skipSlot } from './shared-replies.ts';
import { addToDescription, answerSlot } from './slot-answers.ts';
import type { SlotOutcome } from './slot-answers.ts';
import type { Turn } from './turn.ts';
import { policyLang, say } from './turn.ts';
import { fieldsFromFacts, givesMoreThan, notedLine, onlyNew, qualityRemedyOf } from './understood.ts';
import type { FactFields } from './understood.ts';

const FLOW_INTENTS: ReadonlySet<MessageIntent> = new Set(['quality', 'return', 'exchange', 'complaint']);

function isFlowIntent(intent: MessageIntent): intent is FlowKind {
  return FLOW_INTENTS.has(intent);
}

// "咨询", "我有个问题", "I have a question": the merchant wants to ask; the question comes next.
const BARE_QUESTION = /^(?:咨询|我要咨询|我想咨询|咨询一下|想咨询一下|有个问题|我有个问题|我有问题|问一下|想问一下|请问|question|a question|i have a question|i've got a question|can i ask (?:you )?(?:a|something)|ask a question|quick question)$/;

function isBareQuestion(text: string): boolean {
  return BARE_QUESTION.test(normalizeInput(text).toLowerCase().replace(/[\s\p{P}\p{S}]+$/u, '').trim());
}

async function handleCommand(turn: Turn, command: Command): Promise<void> {
  const draft = turn.state.draft;
  switch (command.kind) {
    case 'lang':
      say(turn, turn.m.langSwitched, draft ? [] : menuButtons(turn));
      return draft ? promptCurrent(turn, draft) : undefined;
    case 'help':
      showHelp(turn);
      return remindDraft(turn);
    case 'cancel':
      return cancelDraft(turn);
    case 'status':
      await showCases(turn);
      return remindDraft(turn);
    case 'skip':
      return draft ? skipSlot(turn) : notUnderstood(turn);
    case 'confirm':
      return draft ? confirmDraft(turn, draft, undefined) : notUnderstood(turn);
    case 'edit':
      return draft ? showEditMenu(turn, draft) : notUnderstood(turn);
    case 'person':
      return askForPerson(turn, turn.input.text ?? '');
  }
}

function notUnderstood(turn: Turn): void {
  say(turn, turn.m.notUnderstood, menuButtons(turn));
}

/** The chat as understanding needs it: the draft and its question, the merchant's recent cases, the last intent. */
async function understand(turn: Turn, text: string, cases: readonly CaseSummary[]): Promise<Understanding> {
  const draft = turn.state.draft;
  const ctx: UnderstandingContext = {
    ...(draft ? { draft: { flow: draft.flow, awaiting: draft.awaiting } } : {}),
    openCases: cases.map((c) => ({ number: c.number, type: c.type, status: c.status })),
    ...(turn.state.lastIntent ? { lastIntent: turn.state.lastIntent } : {}),
  };
  const { understander, timeZone } = turn.deps;
  if (understander) {
    try {
      return await understander.understand(text, ctx, turn.now, timeZone);
    } catch (error) {
      // The understander falls back by itself; should it ever fail, the offline rules still read the message.
      turn.deps.log.warn({ err: error, chatId: turn.chat.chatId }, 'understander failed; offline reading used');
    }
  }
  const facts = extractFacts(text, ctx, localDate(turn.now, timeZone));
  return { intent: classifyMessage(text, ctx, facts), facts };
}

/** Says what was stored, the 3.2.1 window when a receipt date makes it late, then the date to confirm or the next question. */
function proceed(turn: Turn, draft: Draft, taken: FactFields, options: { noted?: string | undefined; corrected?: string | undefined; notes?: string[] } = {}): void {
  if (Object.keys(taken.patch).length > 0) applyChange(turn, draft, taken.patch);
  if (options.noted) say(turn, options.noted);
  for (const note of options.notes ?? []) say(turn, note);
  if (options.corrected !== undefined) say(turn, turn.m.fieldUpdated(options.corrected));
  if (taken.patch.receivedOn !== undefined && draft.awaiting !== 'review') {
    // 3.2.1: a late receipt date is said at once, not only in the summary, so nobody fills in a reason blind.
    const check = checkReturnWindow(turn, taken.patch.receivedOn);
    if (!check.within) say(turn, windowText(turn, check));
  }
  if (taken.confirmDate) return askDate(turn, draft, taken.confirmDate);
  if (taken.dateProblem && draft.fields.receivedOn === undefined) {
    draft.awaiting = 'receivedOn';
    return say(turn, turn.m.dateInvalid(taken.dateProblem));
  }
  promptCurrent(turn, draft);
}

/** Starts `flow` from a message that asks for it, with every fact it states (and anything held from before). */
function startFromMessage(turn: Turn, flow: FlowKind, text: string, facts: MessageFacts): void {
  const heldPhotos = turn.state.held?.photos.length ?? 0;
  const taken = fieldsFromFacts(turn, flow, facts, text, 'opening');
  const draft = createDraft(turn, flow);
  const patch = { ...onlyNew(draft.fields, taken.patch) };
  const noted = notedLine(turn, { patch: { ...draft.fields, ...patch }, facts, text, wish: flow, photos: heldPhotos });
  say(turn, turn.m.draftStarted(flow));
  proceed(turn, draft, { ...taken, patch }, { noted });
}

/** "算了还是换货吧": the draft becomes the other flow, keeping what both share, plus any new facts. */
function switchFlow(turn: Turn, draft: Draft, flow: FlowKind, text: string, facts: MessageFacts): void {
  const kept = Object.fromEntries(COMMON_SLOTS.filter((slot) => draft.fields[slot] !== undefined).map((slot) => [slot, draft.fields[slot]])) as Partial<DraftFields>;
  // What the switching message states is newer than what the old draft held: it wins.
  const taken = fieldsFromFacts(turn, flow, facts, text, 'switch');
  // The problem goes along unless the message gives a reason of its own ("不想要了").
  if (draft.fields.problemCategory !== undefined && taken.patch.reason === undefined) kept.problemCategory = draft.fields.problemCategory;
  turn.state.held = { fields: kept, photos: draft.fields.photos };
  const next = createDraft(turn, flow);
  say(turn, turn.m.switchedFlow(draft.flow, flow));
  const noted = notedLine(turn, { patch: taken.patch, facts, text });
  proceed(turn, next, taken, { noted });
}

/** A fact read for the slot the bot asked about, or the typed answer checked as before. */
function answerAwaited(turn: Turn, draft: Draft, slot: SlotName, text: string, u: Understanding, taken: FactFields): SlotOutcome | 'date' {
  const { facts } = u;
  const { m } = turn;
  switch (slot) {
    case 'orderNumber':
      // A case number where the order number was asked is never taken for one.
      if (facts.caseNumber) return { ok: false, error: m.caseNumberNotOrder(facts.caseNumber.value) };
      // A bare code is checked whole ("RT2026-א1" is refused, not cut to RT2026); a sentence gives the number it names.
      if (isOneWord(text) || taken.patch.orderNumber === undefined) return answerSlot(turn, draft, slot, text);
      return { ok: true, patch: { orderNumber: taken.patch.orderNumber }, notes: [] };
    case 'itemName':
      // A short answer is the item as the merchant names it ("Desk lamp", "运动鞋 42码"); a sentence gives the item it names.
      if (isShortAnswer(text, facts)) return answerSlot(turn, draft, slot, text);
      if (taken.patch.itemName !== undefined) return { ok: true, patch: { itemName: taken.patch.itemName }, notes: [] };
      return answerSlot(turn, draft, slot, text);
    case 'quantity':
      if (taken.patch.quantity !== undefined) return { ok: true, patch: { quantity: taken.patch.quantity }, notes: [] };
      return answerSlot(turn, draft, slot, text);
    case 'receivedOn':
      if (taken.patch.receivedOn !== undefined) return { ok: true, patch: { receivedOn: taken.patch.receivedOn }, notes: [] };
      if (taken.confirmDate) return 'date';
      if (taken.dateProblem) return { ok: false, error: m.dateInvalid(taken.dateProblem) };
      return answerSlot(turn, draft, slot, text);
    case 'problemCategory': {
      if (taken.patch.problemCategory === undefined) return answerSlot(turn, draft, slot, text);
      // "左耳没有声音" names the category and describes the problem: nobody is asked to describe it again.
      const described = draft.fields.description === undefined && !isCategoryWord(turn, text) ? answerSlot(turn, draft, 'description', text) : undefined;
      const patch = { problemCategory: taken.patch.problemCategory, ...(described?.ok ? described.patch : {}) };
      return { ok: true, patch, notes: described?.ok ? described.notes : [] };
    }
    case 'wishedRemedy': {
      const remedy = facts.wishedRemedy ? qualityRemedyOf(turn, facts.wishedRemedy.value) : undefined;
      if (remedy) return { ok: true, patch: { wishedRemedy: remedy }, notes: [] };
      return answerSlot(turn, draft, slot, text);
    }
    case 'accusedName': {
      // A name is a name: "小王啊，我刚说了" → 小王; a sentence with no name in it is not stored as one.
      if (facts.accusedName) return answerSlot(turn, draft, slot, facts.accusedName.value);
      if (/[，。！？,.!?]/.test(text.trim().replace(/[。.!！]$/, '')) || text.trim().length > 20) return { ok: false, error: m.ask.accusedName(draft.flow) };
      return answerSlot(turn, draft, slot, text);
    }
    case 'photos': {
      // Words instead of photos: a detail is kept with the description; "好的" or "照片等下发" is not a detail.
      // Words sent with photos (a caption) are read the same way; the photos have answered the step already.
      const added = facts.hasPhotoPromise ? undefined : addToDescription(turn, draft, text);
      return added ?? (draft.fields.photosDone ? { ok: true, patch: {}, notes: [] } : answerSlot(turn, draft, slot, text));
    }
    default:
      return answerSlot(turn, draft, slot, text);
  }
}

function isOneWord(text: string): boolean {
  return !/\s/.test(normalizeInput(text).trim());
}

function isShortAnswer(text: string, facts: MessageFacts): boolean {
  const trimmed = normalizeInput(text).trim();
  const otherFacts = facts.quantity ?? facts.orderNumber ?? facts.caseNumber ?? facts.problemCategory ?? facts.receivedOn;
  return trimmed.length <= 24 && otherFacts === undefined && !/[，。！？；,.!?;]/.test(trimmed);
}

/** "破损", "Damaged", "其他": the category's own name typed instead of pressed, which describes nothing. */
function isCategoryWord(turn: Turn, text: string): boolean {
  const word = normalizeInput(text).trim().toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
  return word.length <= 3 || Object.values(turn.m.categoryLabel).some((label) => label.toLowerCase().replace(/\s+/g, '') === word);
}

/** A correction: "被投诉人改为 小王" (the summary's own labels), or "不对，是3个" with the new value in it. */
function correct(turn: Turn, draft: Draft, text: string, u: Understanding): boolean {
  const labelled = parseCorrection(text);
  const field = labelled && flowHasSlot(draft.flow, labelled.field) ? labelled.field : undefined;
  const taken = fieldsFromFacts(turn, draft.flow, u.facts, text, 'answer');
  if (field !== undefined && labelled) {
    // Free text after the label is taken as typed ("商品改为 不锈钢保温杯"); numbers, dates and names are read from it.
    const fromFacts = FREE_TEXT_SLOTS.has(field) ? undefined : pick(taken, field);
    let outcome: SlotOutcome | 'date';
    if (fromFacts) outcome = { ok: true, patch: fromFacts, notes: [] };
    else if (field === 'receivedOn' && taken.confirmDate) outcome = 'date';
    else if (field === 'accusedName' && u.facts.accusedName) outcome = answerSlot(turn, draft, field, u.facts.accusedName.value);
    else outcome = answerSlot(turn, draft, field, labelled.value);
    const label = field === draft.awaiting ? undefined : turn.m.fieldLabel[field];
    if (outcome === 'date') {
      askDate(turn, draft, taken.confirmDate!);
      return true;
    }
    if (outcome.ok) {
      proceed(turn, draft, { patch: outcome.patch }, { corrected: label, notes: outcome.notes });
      return true;
    }
    // "the order is broken" names a field but is a description: a free-text question takes it whole.
    const answersFreeText = draft.awaiting !== 'review' && FREE_TEXT_SLOTS.has(draft.awaiting) && field !== draft.awaiting;
    if (answersFreeText) return false;
    say(turn, outcome.error, field === draft.awaiting ? slotButtons(turn, draft) : []);
    return true;
  }
  if (u.intent !== 'correction') return false;
  // No label: every fact the message states replaces what was there.
  const patch = { ...taken.patch };
  delete patch.description;
  delete patch.reason;
  if (Object.keys(patch).length === 0 && !taken.confirmDate) return false;
  const labels = Object.keys(patch).filter((key) => flowHasSlot(draft.flow, key) && key !== draft.awaiting);
  proceed(turn, draft, { ...taken, patch }, { corrected: labels.length > 0 ? labels.map((key) => turn.m.fieldLabel[key as SlotName]).join('、') : undefined });
  return true;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pick(taken: FactFields, field: SlotName): Partial<DraftFields> | undefined {
  const value = taken.patch[field as keyof DraftFields];
  return value === undefined ? undefined : ({ [field]: value } as Partial<DraftFields>);
}

/**
 * Free text inside a draft: side questions and requests first, then a correction, then the answer to the question
 * asked (`asked`: the draft's, or for a caption the one asked before its photos moved the draft on).
 */
async function continueDraft(turn: Turn, draft: Draft, text: string, understood: Understanding, cases: readonly CaseSummary[], asked: Draft['awaiting'] = draft.awaiting): Promise<void> {
  const u = sideTrip(turn, draft, text, understood, cases, asked);
  switch (u.intent) {
    case 'consult':
      // A question is answered, never stored as the field; then the pending question again.
      await consult(turn, text);
      return promptAgain(turn, draft);
    case 'handoff':
      return askForPerson(turn, text);
    case 'cancel':
      if (u.facts.caseNumber) return askCancelCase(turn, u.facts.caseNumber.value);
      return cancelDraft(turn);
    case 'recap':
    case 'greeting':
      return recap(turn, draft);
    case 'status':
      await answerStatus(turn, text, u.facts, cases);
      return remindDraft(turn);
    case 'dissatisfied':
      await openFollowup(turn, text, u.facts, cases);
      return remindDraft(turn);
    case 'not_delivered':
      return notDelivered(turn, text);
    default:
      break;
  }
  if (isFlowIntent(u.intent) && u.intent !== draft.flow) return switchFlow(turn, draft, u.intent, text, u.facts);
  if (correct(turn, draft, text, u)) return;
  const awaiting = asked;
  if (awaiting === 'review') {
    say(turn, turn.m.reviewHint);
    return showSummary(turn, draft);
  }
  // "好的，谢谢" answers nobody's question (a thank-you to the person who just handed the chat back, too): it is never
  // stored as an answer; the merchant is shown where the draft stands and asked the pending question again.
  if (isAcknowledgement(text)) return remindDraft(turn);
  const taken = fieldsFromFacts(turn, draft.flow, u.facts, text, 'answer');
  const outcome = answerAwaited(turn, draft, awaiting, text, u, taken);
  if (outcome === 'date') {
    const extra = onlyNew(draft.fields, taken.patch);
    return proceed(turn, draft, { ...taken, patch: extra }, { noted: givesMoreThan(extra, awaiting) ? notedLine(turn, { patch: extra, facts: u.facts, text }) : undefined });
  }
  if (!outcome.ok) {
    // "我刚才不是说了吗 2026112012345": a fact already recorded, said again, is acknowledged, not refused as an answer.
    const restated = Object.fromEntries(Object.entries(taken.patch).filter(([key, value]) => key !== 'description' && key !== 'reason' && draft.fields[key as keyof DraftFields] === value));
    const newFacts = onlyNew(draft.fields, taken.patch);
    if (Object.keys(restated).length > 0 && Object.keys(newFacts).length === 0) {
      const noted = notedLine(turn, { patch: restated, facts: u.facts, text });
      if (noted) say(turn, noted);
      return promptAgain(turn, draft);
    }
    return say(turn, outcome.error, slotButtons(turn, draft));
  }
  // Every other fact the answer states fills an empty field; nothing given earlier is overwritten.
  const { description: _d, reason: _r, ...others } = taken.patch;
  const extra = onlyNew(draft.fields, others);
  const patch = { ...extra, ...outcome.patch };
  const noted = givesMoreThan(patch, awaiting) ? notedLine(turn, { patch, facts: u.facts, text }) : undefined;
  // A date stated on the side is confirmed or refused after the answer is stored, unless one is already known.
  const sideDate = awaiting !== 'receivedOn' && draft.fields.receivedOn === undefined ? { confirmDate: taken.confirmDate, dateProblem: taken.dateProblem } : {};
  proceed(turn, draft, { patch, ...withoutUndefined(sideDate) }, { noted, notes: outcome.notes });
}

// Intents that leave the question asked open: answered, handed on or acted upon, then the draft goes on.
const SIDE_INTENTS: ReadonlySet<MessageIntent> = new Set(['consult', 'handoff', 'status', 'dissatisfied', 'not_delivered', 'cancel']);
const SIDE_INTENTS_IN_FREE_TEXT: ReadonlySet<MessageIntent> = new Set(['consult', 'handoff']);

/**
 * An "answer" that gives nothing for the question asked is read once more as if no form were open: "没收到货" or
 * "物流没更新" at "是哪件商品？" is not an item, it is a message of its own. A free-text question (description,
 * reason) takes any words except a question or a request for a person.
 */
function sideTrip(turn: Turn, draft: Draft, text: string, u: Understanding, cases: readonly CaseSummary[], slot: Draft['awaiting'] = draft.awaiting): Understanding {
  if ((u.intent !== 'answer' && u.intent !== 'other') || slot === 'review') return u;
  const freeText = FREE_TEXT_SLOTS.has(slot) && slot !== 'itemName' && slot !== 'accusedName';
  const found = slot in u.facts && u.facts[slot as keyof MessageFacts] !== undefined;
  if (found) return u;
  const ctx: UnderstandingContext = { openCases: cases.map((c) => ({ number: c.number, type: c.type, status: c.status })) };
  const facts = extractFacts(text, ctx, localDate(turn.now, turn.deps.timeZone));
  const intent = classifyMessage(text, ctx, facts);
  return (freeText ? SIDE_INTENTS_IN_FREE_TEXT : SIDE_INTENTS).has(intent) ? { intent, facts } : u;
}

/** "在吗" / "刚才说到哪了" with a draft: what is recorded, then the pending question again. */
function recap(turn: Turn, draft: Draft): void {
  say(turn, turn.m.draftPending(draft.flow));
  const noted = notedLine(turn, { patch: draft.fields, facts: {}, text: '', wish: draft.flow, photos: draft.fields.photos.length, category: true });
  say(turn, noted ?? turn.m.recapNothing);
  if (draft.pendingDate) return askDate(turn, draft, { value: draft.pendingDate, span: { start: 0, end: 0 }, needsConfirm: true });
  promptCurrent(turn, draft);
}

/** Goods that never arrived (2.1.4) need someone to check with the carrier: a person takes the chat, the draft kept. */
async function notDelivered(turn: Turn, text: string): Promise<void> {
  if (!turn.deps.people) return say(turn, turn.m.noPersonDesk);
  const { already } = await turn.deps.people.requestHandoff({ chatId: turn.chat.chatId, reason: text, at: turn.now, mark: true });
  say(turn, already ? turn.m.personAlready : turn.m.notDelivered);
}

/** Which request a question could lead to ("订单 88812345 上周五收到的，现在还能退吗？" → a return). */
function offeredFlow(text: string, facts: MessageFacts): FlowKind | undefined {
  const stated = facts.orderNumber ?? facts.itemName ?? facts.receivedOn ?? facts.problemCategory;
  if (!stated) return undefined;
  const lower = normalizeInput(text.slice(0, 500)).toLowerCase();
  if (/换|exchange|swap/.test(lower)) return 'exchange';
  if (/退|return|refund|send (?:it )?back/.test(lower)) return 'return';
  return facts.problemCategory ? 'quality' : undefined;
}

/** A question: the answerer answers; when the message also states a request's facts, the bot offers to start it. */
async function answerAndOffer(turn: Turn, text: string, facts: MessageFacts): Promise<void> {
  if (isBareQuestion(text)) {
    turn.state.awaitingQuestion = true;
    return say(turn, turn.m.askQuestion);
  }
  await consult(turn, text);
  const flow = offeredFlow(text, facts);
  if (!flow) return;
  const taken = fieldsFromFacts(turn, flow, facts, text, 'answer');
  const fields: Partial<DraftFields> = { ...taken.patch };
  delete fields.photos;
  delete fields.photosDone;
  const pendingDate = taken.confirmDate?.value ?? turn.state.held?.pendingDate;
  turn.state.held = { fields: { ...turn.state.held?.fields, ...fields }, photos: turn.state.held?.photos ?? [], ...(pendingDate ? { pendingDate } : {}) };
  say(turn, turn.m.offerRequest(flow), [{ id: actionIds.menu(flow), label: turn.m.switchFlowButton(flow) }]);
}

async function outsideDraft(turn: Turn, text: string, u: Understanding, cases: readonly CaseSummary[]): Promise<void> {
  const { facts } = u;
  if (isFlowIntent(u.intent)) return startFromMessage(turn, u.intent, text, facts);
  switch (u.intent) {
    case 'consult':
      return answerAndOffer(turn, text, facts);
    case 'handoff':
      return askForPerson(turn, text);
    case 'status':
      return answerStatus(turn, text, facts, cases);
    case 'dissatisfied':
      return openFollowup(turn, text, facts, cases);
    case 'not_delivered':
      return notDelivered(turn, text);
    case 'greeting':
      return showHelp(turn);
    case 'recap':
      say(turn, turn.m.recapNothing);
      return showHelp(turn);
    case 'cancel':
      if (facts.caseNumber) return askCancelCase(turn, facts.caseNumber.value);
      // "我要取消退货申请" names no case: the open ones are shown, each with its cancel button.
      if (cases.some(isOpen)) return showCases(turn);
      return cancelDraft(turn);
    default:
      break;
  }
  const caseNumber = facts.caseNumber?.value ?? findCaseNumber(text);
  if (caseNumber) {
    if (isMessageAboutCase(text, caseNumber) && (await passToCase(turn, { text, attachments: [], named: caseNumber }))) return;
    return showCase(turn, caseNumber);
  }
  // Words the bot cannot place are, for a merchant with an open case, words for its staff.
  if (await passToCase(turn, { text, attachments: [] })) return;
  notUnderstood(turn);
}

/** Photos with no draft: they join the request the message starts, else the open case, else they are kept for the next request. */
async function photosOutsideDraft(turn: Turn, text: string, u: Understanding | undefined, cases: readonly CaseSummary[]): Promise<void> {
  const attachments = turn.input.attachments ?? [];
  if (u && isFlowIntent(u.intent)) {
    turn.state.held = { fields: turn.state.held?.fields ?? {}, photos: [...(turn.state.held?.photos ?? []), ...attachments].slice(0, MAX_PHOTOS) };
    return startFromMessage(turn, u.intent, text, u.facts);
  }
  const named = u?.facts.caseNumber?.value ?? findCaseNumber(text);
  if (cases.some(isOpen) && (await passToCase(turn, { text, attachments, ...(named ? { named } : {}) }))) return;
  const { kept } = checkPhotos(attachments, turn.state.held?.photos.length ?? 0);
  const photos = [...(turn.state.held?.photos ?? []), ...kept];
  turn.state.held = { fields: turn.state.held?.fields ?? {}, photos };
  say(turn, turn.m.photosHeld(photos.length), menuButtons(turn));
}

/**
 * Photos in a draft and the words sent with them (a Telegram caption, a Slack file share's text, a console message's
 * text): the photos join the draft, and words that say more than "照片" or "好的" count like any message text. They
 * answer the question asked before the photos came and fill every empty field they state; at the photo step that is
 * a detail added to the description, as words sent while photos are awaited are.
 */
async function photosInDraft(turn: Turn, draft: Draft, text: string, command: Command | undefined): Promise<void> {
  const attachments = turn.input.attachments ?? [];
  const caption = text.trim();
  if (caption === '' || command !== undefined || isPhotoLabel(caption) || isAcknowledgement(caption)) return receivePhotos(turn, draft, attachments);
  const cases = await recentCases(turn);
  const u = await understand(turn, caption, cases);
  turn.state.lastIntent = u.intent;
  if (u.facts.angry) say(turn, turn.m.apology);
  const asked = draft.awaiting;
  receivePhotos(turn, draft, attachments, { ask: false });
  return continueDraft(turn, draft, caption, u, cases, asked);
}

/** Handles a text message (with any attachments): commands first, then the draft, then what the message wants. */
export async function handleMessage(turn: Turn, text: string, command: Command | undefined): Promise<void> {
  const draft = turn.state.draft;
  const attachments = turn.input.attachments ?? [];
  if (draft && attachments.length > 0) return photosInDraft(turn, draft, text, command);
  // "上周五是 11月20日（周五），对吗？" waits for yes or no; anything else is read as a new answer.
  if (draft?.pendingDate) {
    const reply = dateReply(text, command);
    if (reply !== undefined) return confirmPendingDate(turn, draft, reply);
    draft.pendingDate = undefined;
  }
  // "好的" / "没有了" after the survey's thanks declines the comment; it is not a command, an answer or a comment.
  if (declineComment(turn, text)) return;
  const cancelAsked = turn.state.cancelAsked;
  turn.state.cancelAsked = undefined;
  if (cancelAsked && command?.kind === 'confirm') {
    await cancelCase(turn, cancelAsked);
    return remindDraft(turn);
  }
  if (command && attachments.length === 0) return handleCommand(turn, command);
  const caseNumber = findCaseNumber(text);
  // "取消 RT-…" asks first, like the button: one message should not withdraw a request.
  if (caseNumber && asksToCancel(text)) {
    turn.state.cancelAsked = caseNumber;
    return askCancelCase(turn, caseNumber);
  }
  if (turn.questionPending) return answerQuestion(turn, text);
  // A bare "咨询" / "I have a question" asks for the question rather than being sent as one.
  if (attachments.length === 0 && isBareQuestion(text)) {
    turn.state.awaitingQuestion = true;
    return say(turn, turn.m.askQuestion);
  }
  // The answer to "which case is this about?" typed as the number, instead of pressing its button.
  if (!draft && caseNumber && turn.pendingCaseMessage && !isMessageAboutCase(text, caseNumber) && (await postPendingMessage(turn, caseNumber))) return;
  if (!draft && attachments.length === 0) {
    const tracking = findTrackingNumber(text);
    if (tracking && turn.chat.merchantId && turn.deps.cases.recordShipment) {
      const recorded = await turn.deps.cases.recordShipment({ merchantId: turn.chat.merchantId, trackingNumber: tracking, at: turn.now });
      if (recorded?.ok) return say(turn, turn.m.trackingRecorded(recorded.summary.number, tracking));
      if (recorded) return say(turn, recorded.message[policyLang(turn.lang)]);
    }
  }
  const cases = await recentCases(turn);
  const u = text.trim() === '' ? undefined : await understand(turn, text, cases);
  if (u) turn.state.lastIntent = u.intent;
  if (u && (await takeComment(turn, text, u.intent, command, caseNumber))) return;
  if (u?.facts.angry) say(turn, turn.m.apology);
  if (attachments.length > 0) return photosOutsideDraft(turn, text, u, cases);
  if (!u) return notUnderstood(turn);
  if (draft) return continueDraft(turn, draft, text, u, cases);
  return outsideDraft(turn, text, u, cases);
}

/** The message after "ask a question" was pressed: the question, unless it clearly starts a request instead. */
async function answerQuestion(turn: Turn, text: string): Promise<void> {
  if (turn.state.draft) {
    // Asked in the middle of a draft: answer, then pick the draft up where it was.
    await consult(turn, text);
    return remindDraft(turn);
  }
  const cases = await recentCases(turn);
  const u = await understand(turn, text, cases);
  if (isFlowIntent(u.intent) || u.intent === 'handoff' || u.intent === 'status') return outsideDraft(turn, text, u, cases);
  return consult(turn, text);
}
