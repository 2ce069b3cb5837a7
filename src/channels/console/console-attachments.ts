import { CodedError } from '../../errors.ts';
import type { AttachmentRef } from '../../contracts/cases.ts';
import type { SqlPool } from '../../store/sql-pool.ts';
import { uploadsOfChat } from '../../store/upload-store.ts';
import { uploadRef } from '../../inbound/photo-store.ts';
import type { z } from 'zod';
import type { consoleAttachmentSchema } from './console-schemas.ts';

const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;


/**
 * Turns what a client claims into attachments we vouch for: every ref must be an upload of this
 * chat, and type, size and file name come from that upload's record, never from the client.
 */
export async function resolveAttachments(sql: SqlPool, chatId: string, claimed: ReadonlyArray<z.infer<typeof consoleAttachmentSchema>> | undefined): Promise<AttachmentRef[] | undefined> {
  if (!claimed?.length) return undefined;
  const hashes = claimed.map((a) => UPLOAD_REF.exec(a.ref)?.[1]);
  const uploads = await uploadsOfChat(sql, chatId, hashes.filter((h): h is string => h !== undefined));
  return hashes.map((hash, i) => {
    const upload = hash === undefined ? undefined : uploads.get(hash);
    if (!hash || !upload) throw new CodedError('inbound.attachment_invalid', `attachments.${i}: not a photo uploaded to this chat (upload it with POST /api/console/uploads?chatId=…)`);
    return { ref: uploadRef(hash), mimeType: upload.mimeType, sizeBytes: upload.sizeBytes, ...(upload.fileName ? { fileName: upload.fileName } : {}) };
  });
}
