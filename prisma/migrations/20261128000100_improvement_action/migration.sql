-- Improvement actions set by managers for problem clusters of the quality evaluation (7.1.2).
CREATE TYPE "ImprovementStatus" AS ENUM ('open', 'closed');

CREATE TABLE "ImprovementAction" (
    "id" TEXT NOT NULL,
    "clusterKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "ownerStaffId" TEXT,
    "dueOn" DATE NOT NULL,
    "status" "ImprovementStatus" NOT NULL DEFAULT 'open',
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ImprovementAction_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ImprovementAction_status_dueOn_idx" ON "ImprovementAction"("status", "dueOn");

CREATE INDEX "ImprovementAction_clusterKey_idx" ON "ImprovementAction"("clusterKey");

ALTER TABLE "ImprovementAction" ADD CONSTRAINT "ImprovementAction_ownerStaffId_fkey" FOREIGN KEY ("ownerStaffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
