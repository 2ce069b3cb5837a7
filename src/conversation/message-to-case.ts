import { checkPhotos, detectIntent, MAX_PHOTOS, normalizeInput } from '../domain/intake/index.ts';
import type { AttachmentRef, CaseSummary } from '../contracts/cases.ts';
import type { Button } from '../contracts/conversation.ts';
import { actionIds } from './action-ids.ts';
import { reportPortFailure } from './confirm-draft.ts';
import { CASE_MESSAGE_MAX_CHARS } from './conversation-state.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

const MB = 1024 * 1024;
/** Open cases offered as buttons when the merchant has several. */
const CHOICES = 5;

/** A message for a case: what the merchant wrote and the photos that passed the checks. */
interface CaseMessage {
  text: string;
  attachments: AttachmentRef[];
}

/**
 * Whether a message that names a case number is about that case ("RT-… 箱子也压坏了") rather than
 * a look-up: anything beyond the number that is not a status question.
 */
export function isMessageAboutCase(text: string, number: string): boolean {
  const rest = normalizeInput(text.slice(0, 500))
    .toUpperCase()
    .replace(number, ' ')
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
  return rest !== '' && detectIntent(rest) !== 'status';
}

/** Photos outside a flow get the same checks as in a report; the refused ones are named. */
function checkedPhotos(turn: Turn, attachments: readonly AttachmentRef[]): AttachmentRef[] {
  const { kept, refused } = checkPhotos(attachments, 0);
  refused.forEach(({ item, problem }, index) => {
    const name = item.fileName?.trim() || `#${index + 1}`;
    say(turn, turn.m.photoRefused(name, problem, (item.sizeBytes / MB).toFixed(1)));
  });
  return kept;
}

async function post(turn: Turn, number: string, message: CaseMessage): Promise<void> {
  const post = turn.deps.cases.postToCase;
  const merchantId = turn.chat.merchantId;
  if (!post || merchantId === null) return;
  try {
    const result = await post({ merchantId, number, text: message.text, attachments: message.attachments, at: turn.now });
    if (result.ok) return say(turn, turn.m.passedToCase(result.summary.number, message.attachments.length));
    // Another merchant's number reads exactly like an unknown one.
    say(turn, result.code === 'case.closed' ? turn.m.caseClosedForMessages(number) : turn.m.caseNotFound(number));
  } catch (error) {
    reportPortFailure(turn, error, 'postToCase');
  }
}

function caseButton(summary: CaseSummary): Button {
  const item = summary.itemName ? ` · ${summary.itemName}` : '';
  const label = `${summary.number}${item}`;
  return { id: actionIds.postToCase(summary.number), label: label.length > 40 ? `${label.slice(0, 39)}…` : label };
}

/**
 * A message no flow took ("didn't understand", or photos with no report open) goes to the staff
 * of the merchant's open case (3.1.2: the case is where staff and merchant talk): the one the
 * message names, or the only one open. With several open and none named, the message is kept and
 * the merchant picks the case by button. False when nothing was done (no open case, no case port):
 * the caller answers as it did before.
 */
export async function passToCase(turn: Turn, input: { text: string; attachments: readonly AttachmentRef[]; named?: string }): Promise<boolean> {
  const merchantId = turn.chat.merchantId;
  if (!turn.deps.cases.postToCase || merchantId === null) return false;
  const attachments = input.attachments.length > 0 ? checkedPhotos(turn, input.attachments) : [];
  if (input.attachments.length > 0 && attachments.length === 0) return true;
  const message: CaseMessage = { text: input.text.slice(0, CASE_MESSAGE_MAX_CHARS), attachments };
  if (input.named !== undefined) {
    await post(turn, input.named, message);
    return true;
  }
  let open: CaseSummary[];
  try {
    open = await turn.deps.cases.listCases(merchantId, { openOnly: true, limit: CHOICES });
  } catch (error) {
    reportPortFailure(turn, error, 'listCases');
    return true;
  }
  const only = open.length === 1 ? open[0] : undefined;
  if (only) {
    await post(turn, only.number, message);
    return true;
  }
  if (open.length === 0) return false;
  // Several open cases: never guess. Photos sent one by one while the question stands join the message.
  const kept = turn.pendingCaseMessage;
  turn.state.pendingCaseMessage = kept
    ? {
        text: [kept.text, message.text].filter(Boolean).join('\n').slice(0, CASE_MESSAGE_MAX_CHARS),
        attachments: [...kept.attachments, ...message.attachments].slice(0, MAX_PHOTOS),
      }
    : message;
  say(turn, turn.m.whichCase, open.map(caseButton));
  return true;
}

/** The merchant picked the case (a button, or its number typed) for the message kept with the question. */
export async function postPendingMessage(turn: Turn, number: string): Promise<boolean> {
  const kept = turn.pendingCaseMessage;
  if (!kept) return false;
  await post(turn, number, kept);
  return true;
}
