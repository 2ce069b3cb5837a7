-- Idempotent case opening: the request (chat + draft) that opened a case, unique.
ALTER TABLE "Case" ADD COLUMN "requestKey" TEXT;
CREATE UNIQUE INDEX "Case_requestKey_key" ON "Case"("requestKey");
