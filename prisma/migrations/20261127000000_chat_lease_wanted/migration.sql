-- A worker that finds a chat's lease held while events are pending marks it wanted: the holder,
-- which releases its lease in the same statement that completes its last event, then looks again
-- first, so an event stored while it was finishing does not wait for the lease to run out.
ALTER TABLE "Chat" ADD COLUMN "leaseWanted" BOOLEAN NOT NULL DEFAULT false;

-- Who waits for an event's replies: the completion NOTIFYs other processes only when one of them may.
ALTER TABLE "InboundEvent" ADD COLUMN "awaitedBy" TEXT;
