import { z } from 'zod';
import { attachmentRefSchema } from '../../conversation/case-port.ts';

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

export const consoleActionSchema = z.object({
  chatId: consoleChatIdSchema,
  actionId: z.string().min(1, { message: 'actionId is required' }).max(200, { message: 'actionId is longer than 200 characters' }),
  lang: z.string().max(20).optional(),
  clientActionId: z.string().min(1).max(128).optional(),
});

export const consoleMessageSchema = z.object({
  chatId: consoleChatIdSchema,
  text: z
    .string({ message: 'text must be a string' })
    .transform((t) => t.replace(controlCharacters, '').replace(/\r\n?/g, '\n'))
    .pipe(
      z
        .string()
        .refine((t) => t.trim().length > 0, { message: 'text is empty' })
        .refine((t) => t.length <= MAX_TEXT_CHARS, { message: `text is longer than ${MAX_TEXT_CHARS} characters` }),
    ),
  userName: z.string().max(100, { message: 'userName is longer than 100 characters' }).optional(),
  lang: z.string().max(20).optional(),
  attachments: z.array(attachmentRefSchema).max(20, { message: 'at most 20 attachments per message' }).optional(),
  clientMessageId: z
    .string()
    .min(1)
    .max(128, { message: 'clientMessageId is longer than 128 characters' })
    .optional(),
});

export type ConsoleMessage = z.infer<typeof consoleMessageSchema>;
