-- Outbox delivery: what a message carries beyond text (a case card, form buttons, the thread it
-- belongs under), when it may be tried again, and a per-chat delivery lease that keeps a chat's
-- messages in order across workers.
ALTER TABLE "OutboundMessage" ADD COLUMN "payload" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "OutboundMessage" ADD COLUMN "nextAttemptAt" TIMESTAMP(3);
CREATE INDEX "OutboundMessage_chatId_status_idx" ON "OutboundMessage"("chatId", "status");
ALTER TABLE "Chat" ADD COLUMN "outboxLeaseToken" TEXT;
ALTER TABLE "Chat" ADD COLUMN "outboxLeaseUntil" TIMESTAMP(3);
-- Handoff to a person (3.3.3): while set, a person holds the chat and the bot stays quiet.
ALTER TABLE "Chat" ADD COLUMN "handoffSince" TIMESTAMP(3);
ALTER TABLE "Chat" ADD COLUMN "handoffStaffId" TEXT;
