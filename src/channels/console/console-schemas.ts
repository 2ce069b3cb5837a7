import { z } from 'zod';
import { replaceLoneSurrogates, safeString } from '../../http/safe-string.ts';

/** Longest message text the console accepts; platform messages are shorter still (Telegram 4096). */
export const MAX_TEXT_CHARS = 16_000;

/** Console chat ids are chosen by the client: printable, short, no path separators. */
export const consoleChatIdSchema = z
  .string()
  .min(1, { message: 'chatId is required' })
  .max(128, { message: 'chatId is longer than 128 characters' })
  .regex(/^[A-Za-z0-9._:@-]+$/, { message: 'chatId may contain only letters, digits and . _ : @ -' });

// PostgreSQL text cannot hold NUL; other control characters (except tab and newline) carry no meaning in a chat.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Client-chosen ids (retries reuse them): non-empty, storable. */
const clientIdSchema = (field: string) => safeString(field, 128).pipe(z.string().min(1, { message: `${field} is empty` }));

/**
 * An attachment as the client names it: only `ref` counts. Type, size and file name are taken from
 * the stored upload of this chat (see console-attachments.ts); the other fields are accepted (the page
 * echoes the upload answer) and ignored.
 */
export const consoleAttachmentSchema = z.object({
  ref: safeString('attachments.ref', 500),
  mimeType: safeString('attachments.mimeType', 100).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  fileName: safeString('attachments.fileName', 255).optional(),
});

export const consoleActionSchema = z.object({
  chatId: consoleChatIdSchema,
  actionId: safeString('actionId', 200).pipe(z.string().min(1, { message: 'actionId is required' })),
  lang: safeString('lang', 20).optional(),
  clientActionId: clientIdSchema('clientActionId').optional(),
});

export const consoleMessageSchema = z.object({
  chatId: consoleChatIdSchema,
  text: z
    .string({ message: 'text must be a string' })
    // Control characters are removed and lone surrogates replaced by U+FFFD: text is what a person typed.
    .transform((t) => replaceLoneSurrogates(t.replace(controlCharacters, '').replace(/\r\n?/g, '\n')))
    .pipe(
      z
        .string()
        .refine((t) => t.trim().length > 0, { message: 'text is empty' })
        .refine((t) => t.length <= MAX_TEXT_CHARS, { message: `text is longer than ${MAX_TEXT_CHARS} characters` }),
    ),
  userName: safeString('userName', 100).optional(),
  lang: safeString('lang', 20).optional(),
  attachments: z.array(consoleAttachmentSchema).max(20, { message: 'at most 20 attachments per message' }).optional(),
  clientMessageId: clientIdSchema('clientMessageId').optional(),
});

export type ConsoleMessage = z.infer<typeof consoleMessageSchema>;
