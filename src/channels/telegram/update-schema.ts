import { z } from 'zod';

/**
 * The subset of Telegram's `Update` the adapter reads, validated at the boundary. Unknown
 * fields are dropped; a field we read with the wrong type fails the whole update.
 * https://core.telegram.org/bots/api#update
 */

const int = z.number().int();
// Chat and user ids fit in 52 bits (Telegram's guarantee), so a JS number holds them exactly.
const telegramId = int.refine(Number.isSafeInteger);

export const telegramUserSchema = z.object({
  id: telegramId,
  is_bot: z.boolean(),
  first_name: z.string().max(256),
  last_name: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
  language_code: z.string().max(35).optional(),
});

const chatSchema = z.object({
  id: telegramId,
  type: z.enum(['private', 'group', 'supergroup', 'channel']),
});

const photoSizeSchema = z.object({
  file_id: z.string().min(1).max(256),
  file_unique_id: z.string().max(256).optional(),
  width: int.nonnegative(),
  height: int.nonnegative(),
  file_size: int.nonnegative().optional(),
});

const documentSchema = z.object({
  file_id: z.string().min(1).max(256),
  file_name: z.string().max(1024).optional(),
  mime_type: z.string().max(255).optional(),
  file_size: int.nonnegative().optional(),
});

export const telegramMessageSchema = z.object({
  message_id: int.positive(),
  date: int.nonnegative(),
  chat: chatSchema,
  from: telegramUserSchema.optional(),
  text: z.string().max(4096).optional(),
  caption: z.string().max(4096).optional(),
  photo: z.array(photoSizeSchema).max(20).optional(),
  document: documentSchema.optional(),
  reply_to_message: z.object({ message_id: int.positive() }).optional(),
});

export const telegramCallbackQuerySchema = z.object({
  id: z.string().min(1).max(256),
  from: telegramUserSchema,
  // Absent for buttons under inline-mode messages, which this bot never sends.
  message: z.object({ message_id: int.positive(), chat: chatSchema }).optional(),
  data: z.string().max(256).optional(),
});

export const telegramUpdateSchema = z.object({
  update_id: int.nonnegative(),
  message: telegramMessageSchema.optional(),
  edited_message: z.object({}).optional(),
  callback_query: telegramCallbackQuerySchema.optional(),
  my_chat_member: z.object({}).optional(),
});

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;
export type TelegramMessage = z.infer<typeof telegramMessageSchema>;
export type TelegramUser = z.infer<typeof telegramUserSchema>;
