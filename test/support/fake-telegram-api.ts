import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiFailure, badRequest, checkMarkup, parseHtml, type ApiErrorBody } from './fake-telegram-checks.ts';
import { parseMultipart, type FormPart } from './multipart.ts';

/**
 * A fake Telegram Bot API: a real HTTP server on a free port speaking the Bot API's JSON
 * (`{ok:true,result}` / `{ok:false,error_code,description,parameters}`), reached through grammY's
 * `apiRoot`. It records every call in order, numbers messages per chat, checks the limits the
 * adapter must respect (4096 characters, 64-byte callback_data, parseable HTML) and can be told
 * to rate-limit a fraction of calls or to fail the next call of a method.
 */

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** The error_code answered, or 200. */
  status: number;
}

export interface StoredMessage {
  chatId: string;
  messageId: number;
  text?: string;
  photo?: string;
  /** A photo or document uploaded with the call (multipart), as received. */
  upload?: { kind: 'photo' | 'document'; fileName: string | undefined; bytes: Buffer };
  caption?: string;
  parseMode?: string;
  replyMarkup?: unknown;
  replyTo?: number;
}

interface StoredFile {
  bytes: Buffer;
  path: string;
  reportedSize: number | undefined;
  sendLength: boolean;
}

export interface FakeTelegramApiOptions {
  /** @defaultValue a fixed test token of bot 123456789 */
  token?: string;
  username?: string;
  /** Longest a getUpdates call waits for updates, whatever its timeout asks. @defaultValue 200 */
  maxPollWaitMs?: number;
}

/** Bot API limits on uploads: photos 10 MB, other files 50 MB. */
const PHOTO_UPLOAD_MAX = 10_000_000;
const DOCUMENT_UPLOAD_MAX = 50_000_000;

/** A file uploaded with a call, where a parameter said `attach://<part name>`. */
class Uploaded {
  constructor(readonly part: FormPart) {}
}

/**
 * A multipart call's parameters as the Bot API reads them: fields are strings (objects JSON-encoded,
 * as grammY writes them), and `attach://<name>` names the file part of that name.
 */
function multipartParams(parts: FormPart[]): Record<string, unknown> {
  const files = new Map(parts.filter((part) => part.fileName !== undefined).map((part) => [part.name, part]));
  const params: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.fileName !== undefined) continue;
    const value = part.data.toString('utf8');
    const attached = /^attach:\/\/(.+)$/.exec(value)?.[1];
    const file = attached === undefined ? undefined : files.get(attached);
    params[part.name] = file ? new Uploaded(file) : /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return params;
}

export const FAKE_BOT_TOKEN = '123456789:AAHfakeTokenForTests-0123456789abcdef';

/** Starts a fake Bot API on 127.0.0.1 and a free port. */
export async function startFakeTelegramApi(options: FakeTelegramApiOptions = {}) {
  const token = options.token ?? FAKE_BOT_TOKEN;
  const botId = Number(token.split(':')[0]);
  const username = options.username ?? 'after_sales_test_bot';
  const maxPollWaitMs = options.maxPollWaitMs ?? 200;

  const calls: RecordedCall[] = [];
  const messages = new Map<string, StoredMessage>();
  const lastId = new Map<string, number>();
  const files = new Map<string, StoredFile>();
  const failures = new Map<string, ApiErrorBody[]>();
  const blocked = new Set<string>();
  const holds = new Map<string, Promise<void>>();
  let updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  let pollWaiters: Array<() => void> = [];
  let webhook: { url: string; secretToken?: string; allowedUpdates?: unknown } | null = null;
  let rateLimit: { fraction: number; retryAfter: number; methods: Set<string> | null; acc: number } | null = null;
  let fileCounter = 0;
  const downloads: string[] = [];

  const key = (chatId: string, messageId: number) => `${chatId}/${messageId}`;
  const nextMessageId = (chatId: string) => {
    const id = (lastId.get(chatId) ?? 0) + 1;
    lastId.set(chatId, id);
    return id;
  };

  function checkText(text: unknown, parseMode: unknown, limit: number, what: string): string {
    if (typeof text !== 'string' || text.trim() === '') throw badRequest(`${what} is empty`);
    const visible = parseMode === 'HTML' ? parseHtml(text) : text;
    if (visible.length > limit) throw badRequest(`${what} is too long`);
    return text;
  }

  function chatOf(params: Record<string, unknown>): string {
    const chat = params.chat_id;
    if (typeof chat !== 'string' && typeof chat !== 'number') throw badRequest('chat_id is empty');
    const id = String(chat);
    if (blocked.has(id)) throw new ApiFailure({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    if (!/^-?\d+$/.test(id)) throw badRequest('chat not found');
    return id;
  }

  function replyTo(chatId: string, params: Record<string, unknown>): number | undefined {
    const reply = params.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    if (!reply) return undefined;
    if (!messages.has(key(chatId, Number(reply.message_id))) && !reply.allow_sending_without_reply) throw badRequest('message to be replied not found');
    return reply.message_id;
  }

  function store(message: StoredMessage) {
    messages.set(key(message.chatId, message.messageId), message);
    return {
      message_id: message.messageId,
      date: 1_764_000_000,
      chat: { id: Number(message.chatId), type: message.chatId.startsWith('-') ? 'supergroup' : 'private' },
      from: { id: botId, is_bot: true, first_name: 'Test bot', username },
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.photo !== undefined ? { photo: [{ file_id: message.photo, file_unique_id: 'u', width: 800, height: 600 }] } : {}),
    };
  }

  const methods: Record<string, (params: Record<string, unknown>) => unknown | Promise<unknown>> = {
    getMe: () => ({ id: botId, is_bot: true, first_name: 'Test bot', username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),
    setMyCommands: (p) => {
      if (!Array.isArray(p.commands) || p.commands.length === 0) throw badRequest('commands must be non-empty');
      return true;
    },
    sendMessage: (p) => {
      const chatId = chatOf(p);
      const text = checkText(p.text, p.parse_mode, 4096, 'message text');
      checkMarkup(p.reply_markup);
      const reply = replyTo(chatId, p);
      return store({ chatId, messageId: nextMessageId(chatId), text, parseMode: p.parse_mode as string | undefined, replyMarkup: p.reply_markup, ...(reply !== undefined ? { replyTo: reply } : {}) });
    },
    sendPhoto: (p) => {
      const chatId = chatOf(p);
      const upload = p.photo instanceof Uploaded ? p.photo.part : undefined;
      if (!upload && (typeof p.photo !== 'string' || p.photo === '')) throw badRequest('there is no photo in the request');
      // The Bot API takes uploaded photos up to 10 MB.
      if (upload && upload.data.length > PHOTO_UPLOAD_MAX) throw badRequest('PHOTO_SAVE_FILE_INVALID');
      if (p.caption !== undefined) checkText(p.caption, p.parse_mode, 1024, 'message caption');
      const reply = replyTo(chatId, p);
      const photo = upload ? `AgACAgUPLOAD${(fileCounter += 1)}` : (p.photo as string);
      return store({
        chatId,
        messageId: nextMessageId(chatId),
        photo,
        caption: p.caption as string | undefined,
        ...(upload ? { upload: { kind: 'photo' as const, fileName: upload.fileName, bytes: upload.data } } : {}),
        ...(reply !== undefined ? { replyTo: reply } : {}),
      });
    },
    sendDocument: (p) => {
      const chatId = chatOf(p);
      const upload = p.document instanceof Uploaded ? p.document.part : undefined;
      if (!upload) throw badRequest('there is no document in the request');
      if (upload.data.length > DOCUMENT_UPLOAD_MAX) throw new ApiFailure({ error_code: 413, description: 'Request Entity Too Large' });
      if (p.caption !== undefined) checkText(p.caption, p.parse_mode, 1024, 'message caption');
      const reply = replyTo(chatId, p);
      return store({
        chatId,
        messageId: nextMessageId(chatId),
        caption: p.caption as string | undefined,
        upload: { kind: 'document', fileName: upload.fileName, bytes: upload.data },
        ...(reply !== undefined ? { replyTo: reply } : {}),
      });
    },
    sendMediaGroup: (p) => {
      const chatId = chatOf(p);
      const media = p.media as Array<{ type?: string; media?: string; caption?: string }> | undefined;
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw badRequest('wrong number of media in the album');
      const reply = replyTo(chatId, p);
      return media.map((m) => {
        if (m.type !== 'photo' || typeof m.media !== 'string') throw badRequest('unsupported media');
        return store({ chatId, messageId: nextMessageId(chatId), photo: m.media, caption: m.caption, ...(reply !== undefined ? { replyTo: reply } : {}) });
      });
    },
    editMessageText: (p) => {
      const chatId = chatOf(p);
      const stored = messages.get(key(chatId, Number(p.message_id)));
      if (!stored || stored.text === undefined) throw badRequest('message to edit not found');
      const text = checkText(p.text, p.parse_mode, 4096, 'message text');
      checkMarkup(p.reply_markup);
      if (stored.text === text && JSON.stringify(stored.replyMarkup) === JSON.stringify(p.reply_markup)) {
        throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      return store({ ...stored, text, parseMode: p.parse_mode as string | undefined, replyMarkup: p.reply_markup });
    },
    answerCallbackQuery: (p) => {
      if (typeof p.callback_query_id !== 'string') throw badRequest('query is too old and response timeout expired or query ID is invalid');
      return true;
    },
    getFile: (p) => {
      const file = files.get(String(p.file_id));
      if (!file) throw badRequest('invalid file_id');
      return { file_id: p.file_id, file_unique_id: `u${String(p.file_id)}`, file_path: file.path, ...(file.reportedSize !== undefined ? { file_size: file.reportedSize } : {}) };
    },
    setWebhook: (p) => {
      if (typeof p.url !== 'string') throw badRequest('bad webhook: an HTTPS URL must be provided for webhook');
      webhook = { url: p.url, ...(typeof p.secret_token === 'string' ? { secretToken: p.secret_token } : {}), allowedUpdates: p.allowed_updates };
      return true;
    },
    deleteWebhook: (p) => {
      webhook = null;
      if (p.drop_pending_updates === true) updates = [];
      return true;
    },
    getWebhookInfo: () => ({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: webhook ? updates.length : 0, ...(webhook?.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}) }),
    getUpdates: async (p) => {
      if (webhook) throw new ApiFailure({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
      const offset = typeof p.offset === 'number' ? p.offset : 0;
      updates = updates.filter((u) => u.update_id >= offset);
      if (updates.length === 0) {
        const waitMs = Math.min(maxPollWaitMs, (typeof p.timeout === 'number' ? p.timeout : 0) * 1000);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          pollWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return updates.filter((u) => u.update_id >= offset).slice(0, 100);
    },
  };

  function shouldRateLimit(method: string): boolean {
    if (!rateLimit || (rateLimit.methods ? !rateLimit.methods.has(method) : method === 'getUpdates')) return false;
    rateLimit.acc += rateLimit.fraction;
    if (rateLimit.acc < 1) return false;
    rateLimit.acc -= 1;
    return true;
  }

  async function answerMethod(method: string, params: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const record: RecordedCall = { method, params, status: 200 };
    calls.push(record);
    try {
      await holds.get(method);
      const queued = failures.get(method)?.shift();
      if (queued) throw new ApiFailure(queued);
      if (shouldRateLimit(method)) throw new ApiFailure({ error_code: 429, description: `Too Many Requests: retry after ${rateLimit?.retryAfter}`, parameters: { retry_after: rateLimit?.retryAfter ?? 1 } });
      const handler = methods[method];
      if (!handler) throw new ApiFailure({ error_code: 404, description: 'Not Found: method not found' });
      return { status: 200, body: { ok: true, result: await handler(params) } };
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      record.status = error.body.error_code;
      return { status: error.body.error_code, body: { ok: false, ...error.body } };
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://fake');
      const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (fileMatch) {
        const stored = [...files.values()].find((f) => f.path === decodeURIComponent(fileMatch[2] ?? ''));
        downloads.push(decodeURIComponent(fileMatch[2] ?? ''));
        if (fileMatch[1] !== token || !stored) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
        res.writeHead(200, { 'content-type': 'application/octet-stream', ...(stored.sendLength ? { 'content-length': String(stored.bytes.length) } : {}) });
        // Several writes, so a reader that stops early really stops a stream.
        for (let i = 0; i < stored.bytes.length; i += 16 * 1024) res.write(stored.bytes.subarray(i, i + 16 * 1024));
        return res.end();
      }
      const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/.exec(url.pathname);
      if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      let params: Record<string, unknown> = {};
      const body = Buffer.concat(chunks);
      const parts = parseMultipart(req.headers['content-type'], body);
      try {
        if (parts) params = multipartParams(parts);
        else if (body.toString('utf8').trim() !== '') params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
      answerMethod(match[2] ?? '', params).then(({ status, body }) => send(status, body), (error: unknown) => send(500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botId: String(botId),
    username,
    /** Every call so far, in order. */
    calls,
    /** Paths of file downloads requested, in order. */
    downloads,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** A message as the chat now shows it. */
    message: (chatId: string, messageId: number) => messages.get(key(chatId, messageId)),
    /** Every message in a chat, by id. */
    messagesIn: (chatId: string) => [...messages.values()].filter((m) => m.chatId === chatId).sort((a, b) => a.messageId - b.messageId),
    get webhook() {
      return webhook;
    },
    /** Answers `fraction` of calls (deterministically: every 1/fraction-th) 429 with retry_after; getUpdates is spared unless listed. */
    rateLimit(fraction: number, retryAfter: number, only?: string[]) {
      rateLimit = fraction <= 0 ? null : { fraction, retryAfter, methods: only ? new Set(only) : null, acc: 0 };
    },
    /** The next call of `method` fails with this error. */
    failNext(method: string, error: ApiErrorBody) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    /** Calls of `method` go unanswered (recorded, then held) until the returned function is called: a send in flight. */
    hold(method: string): () => void {
      let release = () => {};
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(method);
        release();
      };
    },
    /** Messages to this chat answer 403 "bot was blocked by the user". */
    block(chatId: string) {
      blocked.add(chatId);
    },
    /** Registers a downloadable file; returns its file_id. */
    addFile(bytes: Buffer, opts: { path?: string; reportedSize?: number | null; sendLength?: boolean } = {}): string {
      fileCounter += 1;
      const id = `AgACAgFILE${fileCounter}`;
      files.set(id, { bytes, path: opts.path ?? `photos/file_${fileCounter}.jpg`, reportedSize: opts.reportedSize === null ? undefined : (opts.reportedSize ?? bytes.length), sendLength: opts.sendLength ?? true });
      return id;
    },
    /** Queues updates for getUpdates and wakes waiting long polls. */
    pushUpdates(...more: Array<{ update_id: number } & Record<string, unknown>>) {
      updates.push(...more);
      const waiters = pollWaiters;
      pollWaiters = [];
      for (const wake of waiters) wake();
    },
    /** Updates not yet confirmed by an offset. */
    get pendingUpdates() {
      return updates.length;
    },
    async close() {
      for (const wake of pollWaiters) wake();
      pollWaiters = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeTelegramApi = Awaited<ReturnType<typeof startFakeTelegramApi>>;
