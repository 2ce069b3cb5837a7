import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** How the fake answers one POST /v1/chat/completions. */
export type FakeOpenAiReply =
  /** 200 with this object, JSON-encoded, as the assistant message's content. */
  | { json: unknown }
  /** 200 with this exact content string (e.g. malformed JSON). */
  | { content: string }
  /** 200 with a refusal instead of content. */
  | { refusal: string }
  /** An HTTP error with an OpenAI-style error body. */
  | { status: number; retryAfterSec?: number }
  /** Never answers (the client's timeout must end the call). */
  | { hang: true };

/** One request the fake received. */
export interface FakeOpenAiCall {
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } };
    [key: string]: unknown;
  };
  /** What was answered: a status, or 'hang'. */
  answered: number | 'hang';
}

/**
 * A fake OpenAI-compatible chat completions API as a real HTTP server on a random port, reached through the
 * client's base URL (OPENAI_BASE_URL = `baseUrl`). Each test scripts the replies in order; a call with no reply
 * scripted left answers 500, so an unexpected call shows in `calls` and fails loudly. Requests whose bearer
 * token is not `apiKey` get 401.
 */
export class FakeOpenAiApi {
  readonly calls: FakeOpenAiCall[] = [];
  private readonly script: FakeOpenAiReply[] = [];

  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  private constructor(private readonly apiKey: string) {}

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(options: { apiKey: string }): Promise<FakeOpenAiApi> {
    const fake = new FakeOpenAiApi(options.apiKey);
    await fake.listen();
    return fake;
  }

  /**
   * The fake for a whole test file: listening from beforeAll, closed after all tests, and forgetting
   * its calls and queued replies before each test.
   */
  static perFile(options: { apiKey: string }): FakeOpenAiApi {
    const fake = new FakeOpenAiApi(options.apiKey);
    beforeAll(() => fake.listen());
    afterAll(() => fake.close());
    beforeEach(() => fake.reset());
    return fake;
  }

  private listen(): Promise<void> {
    return new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** http://127.0.0.1:<port>, once listening. */
  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The base URL to configure (OPENAI_BASE_URL). */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Queues the answers to the next calls, in order. */
  reply(...replies: FakeOpenAiReply[]): void {
    this.script.push(...replies);
  }

  /** Forgets the calls and any replies still queued. */
  reset(): void {
    this.calls.length = 0;
    this.script.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: 'no such route', type: 'invalid_request_error' } });
    const call: FakeOpenAiCall = { authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeOpenAiCall['body'], answered: 200 };
    this.calls.push(call);
    if (call.authorization !== `Bearer ${this.apiKey}`) {
      call.answered = 401;
      return send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    const reply = this.script.shift() ?? { status: 500 };
    if ('hang' in reply) {
      call.answered = 'hang';
      return;
    }
    if ('status' in reply) {
      call.answered = reply.status;
      const headers: Record<string, string> = reply.retryAfterSec === undefined ? {} : { 'retry-after': String(reply.retryAfterSec) };
      return send(reply.status, { error: { message: `scripted ${reply.status}`, type: reply.status === 429 ? 'rate_limit_error' : 'server_error' } }, headers);
    }
    const content = 'json' in reply ? JSON.stringify(reply.json) : 'content' in reply ? reply.content : null;
    const refusal = 'refusal' in reply ? reply.refusal : null;
    send(200, {
      id: `chatcmpl-fake-${this.calls.length}`,
      object: 'chat.completion',
      created: 1_764_000_000,
      model: call.body.model ?? 'fake',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }
}
