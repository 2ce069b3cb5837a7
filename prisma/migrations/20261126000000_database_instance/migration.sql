-- This database's identity, created once: it namespaces the database's queue jobs (see README, reliability).
CREATE TABLE "DatabaseInstance" (
    "singleton" BOOLEAN NOT NULL DEFAULT true,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatabaseInstance_pkey" PRIMARY KEY ("singleton"),
    CONSTRAINT "DatabaseInstance_singleton_check" CHECK ("singleton")
);

CREATE UNIQUE INDEX "DatabaseInstance_id_key" ON "DatabaseInstance"("id");

INSERT INTO "DatabaseInstance" DEFAULT VALUES;
