-- The inbound event a consultation answer was given for: a retried event keeps one row (one answer per event).
ALTER TABLE "ConsultationAnswer" ADD COLUMN "inboundId" BIGINT;

CREATE UNIQUE INDEX "ConsultationAnswer_inboundId_key" ON "ConsultationAnswer"("inboundId");
