import type { Lang as PolicyLang } from '../domain/policy/localized-text.ts';
import type { ConversationState } from './conversation-state.ts';
import type { Messages } from './messages/index.ts';
import type { OrchestratorDeps } from './orchestrator-deps.ts';
import type { Button, ChatContext, ConversationInput, Reply } from '../contracts/conversation.ts';
import type { Lang } from '../contracts/lang.ts';

/** One input being handled: handlers read the context, mutate `state` and append to `replies`. */
export interface Turn {
  readonly deps: OrchestratorDeps;
  readonly chat: ChatContext;
  readonly input: ConversationInput;
  readonly now: Date;
  readonly lang: Lang;
  /** The previous input was "ask a question": this message is the question (the flag lasts one input). */
  readonly questionPending: boolean;
  /** The previous input was a message for one of several open cases, kept until the merchant picks one (lasts one input). */
  readonly pendingCaseMessage: ConversationState['pendingCaseMessage'];
  /** The case the merchant rated with the previous input: this message may be their comment (lasts one input). */
  readonly ratingComment: string | undefined;
  readonly m: Messages;
  state: ConversationState;
  readonly replies: Reply[];
}

/** Appends a reply; buttons are left out when there are none, as platforms render an empty row badly. */
export function say(turn: Turn, text: string, buttons?: readonly Button[]): void {
  turn.replies.push(buttons && buttons.length > 0 ? { text, buttons: [...buttons] } : { text });
}

/** The domain's short language code ('zh' | 'en') for a chat language. */
export function policyLang(lang: Lang): PolicyLang {
  return lang === 'en' ? 'en' : 'zh';
}
