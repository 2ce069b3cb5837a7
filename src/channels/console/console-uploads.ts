import { CodedError } from '../../errors.ts';
import { json, type Route } from '../../http/router.ts';
import { isStorableText } from '../../http/safe-string.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import type { SqlPool } from '../../store/sql-pool.ts';
import { ensureMerchantChat } from '../../store/inbound-store.ts';
import { storePhoto } from '../../inbound/photo-store.ts';
import { consoleChatIdSchema } from './console-schemas.ts';
import { imageTypeOf } from '../../domain/intake/image-check.ts';

/** Largest photo the console accepts; the conversation applies the same limit to any platform's files. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

// Types a client may declare for the raw body. None is a CORS "simple" type, so a cross-site page
// cannot post an upload without a preflight (which this server never grants). The content decides the type.
const UPLOAD_CONTENT_TYPES = new Set(['application/octet-stream', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);

/** Header values are bytes: the page percent-encodes the name so any script survives. */
function decodeFileName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header === '') return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    name = header;
  }
  if (!isStorableText(name)) throw new CodedError('http.invalid_request', 'x-file-name contains a NUL character or a lone surrogate');
  return name.slice(0, 255);
}

/**
 * `POST /api/console/uploads?chatId=…`: the raw photo as the body. The bytes are stored once by
 * content hash under DATA_DIR/uploads, and the upload is recorded for that chat: only that chat's
 * messages may attach it, with the type and size measured here.
 */
export function consoleUploadRoutes(deps: { uploadDir: string; prisma: PrismaClient; sql: SqlPool }): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/console/uploads',
      bodyLimit: MAX_UPLOAD_BYTES,
      handler: async (req) => {
        const chatId = consoleChatIdSchema.safeParse(req.query.get('chatId') ?? '');
        if (!chatId.success) throw new CodedError('http.invalid_request', `chatId (query): ${chatId.error.issues[0]?.message ?? 'invalid'}`);
        const declared = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!UPLOAD_CONTENT_TYPES.has(declared)) throw new CodedError('http.unsupported_media_type', 'send the photo as the raw body with content-type: application/octet-stream');
        const fileName = decodeFileName(req.headers['x-file-name']);
        const body = await req.body();
        if (body.length === 0) throw new CodedError('http.invalid_request', 'the upload is empty');
        // Checked before the chat is opened: a refused upload leaves nothing behind.
        if (!imageTypeOf(body)) throw new CodedError('http.unsupported_media_type', 'only whole JPEG, PNG, WebP or HEIC photos can be uploaded');
        const chat = await ensureMerchantChat(deps.sql, { platform: 'console', workspace: '', externalChatId: chatId.data }, { externalUserId: chatId.data });
        return json(201, await storePhoto(deps, chat.id, body, fileName));
      },
    },
  ];
}
