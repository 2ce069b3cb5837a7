import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './multipart.ts';

/** One Web API call the fake received, in order. */
export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
  /** The HTTP status answered (429 when rate limited). */
  status: number;
  /** The message `ts` a successful chat.postMessage answered. */
  ts?: string;
}

/** A file the fake serves through files.info and its download route. */
export interface FakeSlackFile {
  name: string;
  mimetype: string;
  bytes: Buffer;
  /** What files.info claims; defaults to the real length. */
  size?: number;
}

/** A file shared through the external upload: files.getUploadURLExternal → POST to upload_url → files.completeUploadExternal. */
export interface FakeSlackUpload {
  fileId: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL (raw, or the file part of a multipart body). */
  bytes?: Buffer;
  uploadAuthorization?: string | undefined;
  /** Set by files.completeUploadExternal: where the file was shared. */
  shared?: { channel: string; threadTs: string | undefined; initialComment: string | undefined; title: string | undefined };
}

export interface FakeSlackApiOptions {
  /** The bot token calls must carry; anything else answers invalid_auth. */
  botToken: string;
  teamId?: string;
}

/**
 * A fake Slack Web API as a real HTTP server on a random port, reached through the WebClient's
 * `slackApiUrl`. Accepts form-encoded (what WebClient sends; nested values are JSON strings) and
 * JSON bodies for auth.test, chat.postMessage, chat.update, views.open, files.info,
 * conversations.open and apps.connections.open, plus GET /files-pri/<id> downloads, and the
 * external upload: files.getUploadURLExternal hands out an upload URL on this server, which takes
 * the bytes (raw, or multipart as filesUploadV2 sends them), and files.completeUploadExternal
 * shares the file into a channel or thread. Records every
 * call, hands out increasing `ts` values, and can answer HTTP 429 with `Retry-After` for a
 * fraction of calls or refuse a channel with a platform error.
 */
export class FakeSlackApi {
  readonly calls: FakeSlackCall[] = [];
  readonly downloads: Array<{ fileId: string; authorization: string | undefined }> = [];
  readonly files = new Map<string, FakeSlackFile>();
  /** External uploads by file id, in the order they were started. */
  readonly uploads = new Map<string, FakeSlackUpload>();
  /** Channels that answer a platform error, e.g. `channel_not_found`. */
  readonly refusedChannels = new Map<string, string>();
  /** WebSocket URL apps.connections.open returns (Socket Mode tests). */
  socketUrl: string | undefined;
  private rateLimit = { fraction: 0, retryAfterSec: 1, seen: 0 };
  private nextTs = 0;

  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
    private readonly options: FakeSlackApiOptions,
  ) {}

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(options: FakeSlackApiOptions): Promise<FakeSlackApi> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlackApi(server, `http://127.0.0.1:${port}`, options);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void fake.handle(req, res));
    return fake;
  }

  /** The Web API base URL to configure (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** Calls of one method, in order. */
  callsOf(method: string): FakeSlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Answers 429 for `fraction` of the following API calls (deterministically spread), with this Retry-After. */
  rateLimitFraction(fraction: number, retryAfterSec = 1): void {
    this.rateLimit = { fraction, retryAfterSec, seen: 0 };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private ts(): string {
    this.nextTs += 1;
    return `1764000000.${String(this.nextTs).padStart(6, '0')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    const authorization = req.headers.authorization;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const download = /^\/files-pri\/([^/]+)\/download$/.exec(url.pathname);
    if (req.method === 'GET' && download?.[1]) {
      const fileId = decodeURIComponent(download[1]);
      this.downloads.push({ fileId, authorization });
      const file = this.files.get(fileId);
      if (authorization !== `Bearer ${this.options.botToken}`) return send(403, { ok: false });
      if (!file) return send(404, { ok: false });
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) });
      res.end(file.bytes);
      return;
    }
    const upload = /^\/upload\/v1\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && upload?.[1]) return this.receiveUpload(decodeURIComponent(upload[1]), req, Buffer.concat(chunks), res);
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || !method) return send(404, { ok: false, error: 'unknown_method' });
    const args = parseArgs(req.headers['content-type'], Buffer.concat(chunks).toString('utf8'));
    const call: FakeSlackCall = { method, args, authorization, status: 200 };
    this.calls.push(call);
    const r = this.rateLimit;
    if (r.fraction > 0) {
      const before = Math.floor(r.seen * r.fraction);
      r.seen += 1;
      if (Math.floor(r.seen * r.fraction) > before) {
        call.status = 429;
        return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(r.retryAfterSec) });
      }
    }
    const answer = this.answer(method, args, authorization);
    if (method === 'chat.postMessage' && answer.ok === true && typeof answer.ts === 'string') call.ts = answer.ts;
    send(200, answer);
  }

  /** Slack's upload URL takes the raw bytes or a multipart form with one file; it answers 200 "OK - <length>". */
  private receiveUpload(fileId: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const pending = this.uploads.get(fileId);
    if (!pending || pending.bytes !== undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const parts = parseMultipart(req.headers['content-type'], body);
    const bytes = parts ? parts.find((part) => part.fileName !== undefined)?.data : body;
    if (!bytes) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('no file');
      return;
    }
    Object.assign(pending, { bytes, uploadAuthorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${bytes.length}`);
  }

  private answer(method: string, args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    const teamId = this.options.teamId ?? 'T0FAKE01';
    const expected = method === 'apps.connections.open' ? undefined : `Bearer ${this.options.botToken}`;
    if (expected && authorization !== expected) return { ok: false, error: 'invalid_auth' };
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    const refused = channel ? this.refusedChannels.get(channel) : undefined;
    if (refused) return { ok: false, error: refused };
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: teamId, user_id: 'U0BOT', bot_id: 'B0BOT', url: 'https://fake.slack.com/' };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const ts = this.ts();
        // A user id posts in the app's DM with that user, whose IM id is answered (as conversations.open gives it).
        return { ok: true, channel: channel.startsWith('U') ? `D${channel.slice(1)}` : channel, ts, message: { ts, text: args.text, blocks: args.blocks } };
      }
      case 'chat.update':
        if (!channel || typeof args.ts !== 'string') return { ok: false, error: 'message_not_found' };
        return { ok: true, channel, ts: args.ts, text: args.text };
      case 'views.open':
        if (typeof args.trigger_id !== 'string') return { ok: false, error: 'invalid_trigger' };
        return { ok: true, view: { id: `V${this.calls.length}`, ...(args.view as object) } };
      case 'files.info': {
        const id = String(args.file);
        const file = this.files.get(id);
        if (!file) return { ok: false, error: 'file_not_found' };
        const download = `${this.origin}/files-pri/${encodeURIComponent(id)}/download`;
        return { ok: true, file: { id, name: file.name, mimetype: file.mimetype, size: file.size ?? file.bytes.length, url_private_download: download } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (typeof args.filename !== 'string' || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        // Slack's limit on one file.
        if (length > 1024 ** 3) return { ok: false, error: 'file_too_large' };
        const fileId = `F${String(this.uploads.size + 1).padStart(8, '0')}`;
        this.uploads.set(fileId, { fileId, filename: args.filename, length });
        return { ok: true, upload_url: `${this.origin}/upload/v1/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as Array<{ id?: string; title?: string }>) : [];
        const channelId = typeof args.channel_id === 'string' ? args.channel_id : undefined;
        if (files.length === 0) return { ok: false, error: 'invalid_arguments' };
        const refusedChannel = channelId ? this.refusedChannels.get(channelId) : undefined;
        if (refusedChannel) return { ok: false, error: refusedChannel };
        const found = files.map((f) => this.uploads.get(String(f.id)));
        // A file whose bytes never arrived, or arrived with another length than announced, is not there to share.
        if (found.some((u) => !u || u.bytes === undefined || u.bytes.length !== u.length || u.shared)) return { ok: false, error: 'file_not_found' };
        files.forEach((f, i) => {
          const pending = found[i]!;
          pending.shared = { channel: channelId ?? '', threadTs: typeof args.thread_ts === 'string' ? args.thread_ts : undefined, initialComment: typeof args.initial_comment === 'string' ? args.initial_comment : undefined, title: f.title };
        });
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X').replace(/^U/, '')}` } };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseArgs(contentType: string | undefined, text: string): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // WebClient JSON-encodes objects and arrays (blocks, view) inside the form.
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}
