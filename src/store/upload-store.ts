import { randomUUID } from 'node:crypto';
import type { SqlPool } from './sql-pool.ts';

/** An upload as stored for one chat: what the bytes were measured to be. */
export interface StoredUpload {
  sha256: string;
  mimeType: string;
  sizeBytes: number;
  fileName: string | null;
}

/** Records that a chat uploaded these bytes; uploading them again refreshes the retention clock. */
export async function recordUpload(sql: SqlPool, chatId: string, upload: StoredUpload, now = new Date()): Promise<void> {
  await sql.query(
    `INSERT INTO "Upload" (id, "chatId", sha256, "mimeType", "sizeBytes", "fileName", "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ("chatId", sha256) DO UPDATE SET "createdAt" = EXCLUDED."createdAt", "fileName" = COALESCE(EXCLUDED."fileName", "Upload"."fileName")`,
    [randomUUID(), chatId, upload.sha256, upload.mimeType, upload.sizeBytes, upload.fileName, now],
  );
}

/** The uploads of one chat among these hashes (another chat's uploads are never returned). */
export async function uploadsOfChat(sql: SqlPool, chatId: string, sha256s: readonly string[]): Promise<Map<string, StoredUpload>> {
  if (sha256s.length === 0) return new Map();
  const { rows } = await sql.query<StoredUpload>(
    `SELECT sha256, "mimeType", "sizeBytes", "fileName" FROM "Upload" WHERE "chatId" = $1 AND sha256 = ANY($2::text[])`,
    [chatId, [...sha256s]],
  );
  return new Map(rows.map((row) => [row.sha256, row]));
}

/**
 * Deletes upload records older than `olderThan` that nothing refers to: no attachment of a case of
 * that chat, and no mention in the chat's state (a draft still holding the photo).
 */
export async function deleteStaleUploads(sql: SqlPool, olderThan: Date): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM "Upload" u
     WHERE u."createdAt" < $1
       AND NOT EXISTS (SELECT 1 FROM "Attachment" a JOIN "Case" c ON c.id = a."caseId" WHERE c."chatId" = u."chatId" AND a."externalRef" = 'upload:' || u.sha256)
       AND NOT EXISTS (SELECT 1 FROM "Chat" ch WHERE ch.id = u."chatId" AND strpos(ch.state::text, 'upload:' || u.sha256) > 0)`,
    [olderThan],
  );
  return rowCount ?? 0;
}

/** Of these hashes, the ones no upload record and no attachment refers to any more. */
export async function unreferencedHashes(sql: SqlPool, sha256s: readonly string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  const { rows } = await sql.query<{ sha: string }>(
    `SELECT sha FROM unnest($1::text[]) AS sha
     WHERE NOT EXISTS (SELECT 1 FROM "Upload" u WHERE u.sha256 = sha)
       AND NOT EXISTS (SELECT 1 FROM "Attachment" a WHERE a."externalRef" = 'upload:' || sha)`,
    [[...sha256s]],
  );
  return rows.map((row) => row.sha);
}
