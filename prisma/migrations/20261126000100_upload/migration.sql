-- Console uploads recorded per chat: a message may attach only an upload of its own chat, and its
-- type and size come from here, never from the client.
CREATE TABLE "Upload" (
    "id" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "fileName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Upload_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Upload_createdAt_idx" ON "Upload"("createdAt");
CREATE INDEX "Upload_sha256_idx" ON "Upload"("sha256");
CREATE UNIQUE INDEX "Upload_chatId_sha256_key" ON "Upload"("chatId", "sha256");

ALTER TABLE "Upload" ADD CONSTRAINT "Upload_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
