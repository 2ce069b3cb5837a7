import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentRef } from '../contracts/cases.ts';
import { imageTypeOf } from '../domain/intake/image-check.ts';
import { CodedError } from '../errors.ts';
import type { SqlPool } from '../store/sql-pool.ts';
import { recordUpload } from '../store/upload-store.ts';

/** The reference a stored photo is attached by. */
export const uploadRef = (sha256: string) => `upload:${sha256}`;

/**
 * Stores a photo once by content hash under `uploadDir` and records it for the chat that sent it:
 * only that chat may attach it, with the type and size measured here. Whole images only (JPEG,
 * PNG, WebP, HEIC, checked by structure); anything else is `file.not_image`. Concurrent stores of
 * the same bytes never collide: each writes its own temporary file and renames it into place.
 */
export async function storePhoto(deps: { uploadDir: string; sql: SqlPool }, chatId: string, bytes: Buffer, fileName: string | null): Promise<AttachmentRef> {
  const mimeType = imageTypeOf(bytes);
  if (!mimeType) throw new CodedError('file.not_image', 'only whole JPEG, PNG, WebP or HEIC photos can be attached');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await fs.mkdir(deps.uploadDir, { recursive: true });
  const file = path.join(deps.uploadDir, sha256);
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, file);
  } finally {
    await fs.rm(temp, { force: true });
  }
  await recordUpload(deps.sql, chatId, { sha256, mimeType, sizeBytes: bytes.length, fileName });
  return { ref: uploadRef(sha256), mimeType, sizeBytes: bytes.length, ...(fileName ? { fileName } : {}) };
}

/** The bytes of a stored photo by its hash, or null when there is none (never a path outside `uploadDir`). */
export async function readStoredPhoto(uploadDir: string, sha256: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  try {
    return await fs.readFile(path.join(uploadDir, sha256));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
