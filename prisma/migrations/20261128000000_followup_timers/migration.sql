-- The due time a deadline's timers were scheduled for: null means timers are owed (the reconciler schedules them).
ALTER TABLE "CaseDeadline" ADD COLUMN "timersFor" TIMESTAMP(3);

-- Follow-up notices already written, keyed by their timer's job id: a timer that fires twice writes once.
CREATE TABLE "FollowupNotice" (
    "key" TEXT NOT NULL,
    "caseId" TEXT,
    "chatId" TEXT,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowupNotice_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "FollowupNotice_caseId_idx" ON "FollowupNotice"("caseId");
