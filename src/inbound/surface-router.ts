import type { ChatContext, ConversationInput, ConversationResult, Orchestrator } from '../contracts/conversation.ts';

/**
 * Sends each event to what handles its surface: merchant chats to the intake conversation; staff
 * and manager desks, and a staff member's DM (where an SLA warning's buttons are pressed), to the
 * desk, which checks the presser against the staff list. Neither knows the other exists, nor any platform.
 */
export function createSurfaceRouter(handlers: { merchant: Orchestrator; desk: Orchestrator }): Orchestrator {
  return {
    handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult> {
      const kind = chat.surface ?? 'merchant';
      switch (kind) {
        case 'merchant':
          return handlers.merchant.handle(chat, input);
        case 'staff':
        case 'manager':
        case 'staff_dm':
          return handlers.desk.handle(chat, input);
      }
    },
  };
}
