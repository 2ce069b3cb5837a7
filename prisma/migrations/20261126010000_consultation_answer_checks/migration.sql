-- Consultation answers (issue #16): the question's hash (logs name it, never the text), the topic retrieval
-- assigned, the figures the answer states, whether a person is needed, and when the merchant said whether it
-- helped. No answer was stored before this migration, so the NOT NULL column needs no default.
ALTER TABLE "ConsultationAnswer" ADD COLUMN     "feedbackAt" TIMESTAMP(3),
ADD COLUMN     "figures" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "needsPerson" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "questionHash" TEXT NOT NULL,
ADD COLUMN     "topic" TEXT;
