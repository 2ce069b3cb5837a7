import type { AttachmentRef } from '../contracts/cases.ts';
import type { Channel, Platform } from '../contracts/channel.ts';
import type { ChatContext, ConversationInput, ConversationResult, Orchestrator } from '../contracts/conversation.ts';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { SqlPool } from '../store/sql-pool.ts';
import { storePhoto } from './photo-store.ts';

/** A merchant sends at most this many photos at once (the flows keep 9 per case). */
const MAX_FILES = 9;

const REFUSED = {
  'zh-CN': (n: number) => `有 ${n} 个文件不是完整的照片（JPEG、PNG、WebP、HEIC）或超过 10 MB，未能接收。`,
  en: (n: number) => `${n} file(s) were not accepted: only whole JPEG, PNG, WebP or HEIC photos up to 10 MB.`,
} as const;

/**
 * Platform files become attachments before the flows see them: each is fetched through its
 * channel (size-bounded), checked as a whole image and stored like a console upload of that chat.
 * A file that is too large or not a photo is refused with a clear reply; a platform that cannot
 * be reached fails the event, which the pipeline retries.
 */
export function withFileIntake(inner: Orchestrator, deps: { channels: ReadonlyMap<Platform, Channel>; uploadDir: string; sql: SqlPool; maxBytes: number; log: Logger }): Orchestrator {
  return {
    async handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult> {
      const files = input.files ?? [];
      const channel = chat.address ? deps.channels.get(chat.address.platform) : undefined;
      if (files.length === 0 || !channel) {
        const { files: _ignored, ...rest } = input;
        return inner.handle(chat, rest);
      }
      const attachments: AttachmentRef[] = [...(input.attachments ?? [])];
      let refused = files.length > MAX_FILES ? files.length - MAX_FILES : 0;
      for (const file of files.slice(0, MAX_FILES)) {
        try {
          const fetched = await channel.fetchFile(file, deps.maxBytes);
          attachments.push(await storePhoto(deps, chat.chatId, fetched.bytes, file.fileName ?? null));
        } catch (error) {
          if (!(error instanceof CodedError) || (error.code !== 'file.too_large' && error.code !== 'file.not_image')) throw error;
          deps.log.info({ chatId: chat.chatId, code: error.code }, 'a platform file was refused');
          refused += 1;
        }
      }
      const { files: _fetched, ...rest } = input;
      const result = await inner.handle(chat, attachments.length > 0 ? { ...rest, attachments } : rest);
      if (refused === 0) return result;
      return { ...result, replies: [{ text: REFUSED[result.lang](refused) }, ...result.replies] };
    },
  };
}
