import type { ChatContext, ConversationInput, ConversationResult, Orchestrator } from '../contracts/conversation.ts';

/**
 * Sends each event to what handles its surface: merchant chats to the intake conversation, staff
 * and manager chats to the desk. Neither knows the other exists, nor any platform.
 */
export function createSurfaceRouter(handlers: { merchant: Orchestrator; desk: Orchestrator }): Orchestrator {
  return {
    handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult> {
      const surface = chat.surface ?? 'merchant';
      return surface === 'merchant' ? handlers.merchant.handle(chat, input) : handlers.desk.handle(chat, input);
    },
  };
}
