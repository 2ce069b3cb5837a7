import type { Command } from '../domain/intake/index.ts';
import { parseCommand } from '../domain/intake/index.ts';
import type { Action } from './action-ids.ts';
import { parseActionId } from './action-ids.ts';
import { loadState } from './conversation-state.ts';
import type { ConversationState } from './conversation-state.ts';
import { handleAction } from './handle-action.ts';
import { handleMessage } from './handle-message.ts';
import { detectLanguage } from './language.ts';
import { messagesFor } from './messages/index.ts';
import type { OrchestratorDeps } from './orchestrator-deps.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';
import type { ChatContext, ConversationInput, ConversationResult, Orchestrator } from '../contracts/conversation.ts';
import type { Lang } from '../contracts/lang.ts';

const HOUR_MS = 3_600_000;

function chosenLang(lang: 'zh' | 'en'): Lang {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/**
 * The reply language: an explicit choice (switch command or button, or a client setting that changed) wins and
 * sticks; otherwise the language the merchant writes in. Answers inside a draft do not count as "writing in" a
 * language: an order number like "AB123456" or a product called "iPhone" must not flip a Chinese chat to English.
 */
function resolveLang(state: ConversationState, chat: ChatContext, input: ConversationInput, command: Command | undefined, action: Action | undefined): Lang {
  if (command?.kind === 'lang' || action?.kind === 'lang') {
    state.langChoice = chosenLang(command?.kind === 'lang' ? command.lang : action?.kind === 'lang' ? action.lang : 'zh');
    return state.langChoice;
  }
  if (input.lang !== undefined && input.lang !== state.clientLang) {
    state.clientLang = input.lang;
    state.langChoice = input.lang;
  }
  if (state.langChoice) return state.langChoice;
  const conversational = input.kind === 'message' && input.text && (!state.draft || command !== undefined);
  return (conversational ? detectLanguage(input.text ?? '') : null) ?? chat.lang;
}

/** The intake orchestrator: menu, request flows with drafts, status, cancellation, consultation hand-off. */
export function createIntakeOrchestrator(deps: OrchestratorDeps): Orchestrator {
  return {
    async handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult> {
      const now = input.receivedAt;
      const loaded = loadState(chat.state);
      if (loaded.discarded) deps.log.warn({ chatId: chat.chatId }, 'conversation state of an unknown shape was discarded');
      const state = loaded.state;
      const expired = state.draft && now.getTime() - Date.parse(state.draft.updatedAt) > deps.draftTtlMs ? state.draft : undefined;
      if (expired) state.draft = undefined;

      const text = input.kind === 'message' ? (input.text ?? '') : '';
      const command = text ? parseCommand(text) : undefined;
      const action = input.kind === 'action' ? parseActionId(input.actionId) : undefined;
      const lang = resolveLang(state, chat, input, command, action);
      const questionPending = state.awaitingQuestion === true;
      state.awaitingQuestion = undefined;
      const pendingCaseMessage = state.pendingCaseMessage;
      state.pendingCaseMessage = undefined;
      const ratingComment = state.ratingComment?.number;
      state.ratingComment = undefined;
      const turn: Turn = { deps, chat, input, now, lang, m: messagesFor(lang), questionPending, pendingCaseMessage, ratingComment, state, replies: [] };

      // While people hold the chat (3.3.3) the bot stays quiet: what the merchant writes goes to staff; commands still work.
      if (chat.handoff && input.kind === 'message' && command === undefined && deps.people) {
        const attachments = input.attachments ?? [];
        await deps.people.relayToDesk({ chatId: chat.chatId, text: text || (attachments.length > 0 ? '' : turn.m.personButton), attachments, at: now });
        return { replies: [], state, lang };
      }
      if (expired) say(turn, turn.m.draftExpired(expired.flow, Math.round(deps.draftTtlMs / HOUR_MS)));
      // Only a lost draft is worth mentioning; an empty or unknown state without one starts fresh silently.
      if (loaded.discarded && typeof chat.state === 'object' && chat.state !== null && 'draft' in chat.state) say(turn, turn.m.stateReset);
      if (input.kind === 'action') await handleAction(turn, action);
      else await handleMessage(turn, text, command);
      return { replies: turn.replies, state: turn.state, lang };
    },
  };
}
