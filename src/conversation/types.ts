// Moved to src/contracts/ (shared by every layer); kept while callers move over.
export { languages, langSchema, type Lang } from '../contracts/lang.ts';
export type { Button, ChatContext, ConversationInput, ConversationResult, Orchestrator, Reply } from '../contracts/conversation.ts';
