import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActions, dmMessage, eventCallback, SIGNING_SECRET } from '../channels/slack/slack-fixtures.ts';
import { png } from '../support/images.ts';
import { startPlatforms, TELEGRAM_SECRET, type Platforms } from '../support/platform-drivers.ts';
import { signedHeaders } from '../support/slack-signer.ts';
import { privateText } from '../support/telegram-updates.ts';

// What reaches the bot before anyone is trusted: Slack requests must carry a valid signature made
// within 5 minutes, Telegram updates the webhook secret, and every POST endpoint refuses a body over
// its limit (413) or one it cannot read (400) with a coded error. None of them may write anything.

let platforms: Platforms;
beforeAll(async () => {
  platforms = await startPlatforms();
});
afterAll(async () => {
  await platforms?.close();
});

const url = (route: string) => `${platforms.t.url}${route}`;
const now = () => Math.floor(Date.now() / 1000);

/** Every table a request could write to, and the files under DATA_DIR/uploads. */
async function counts(): Promise<Record<string, number>> {
  const prisma = platforms.t.app.prisma;
  const uploadDir = path.join(platforms.t.config.dataDir, 'uploads');
  return {
    inbound: await prisma.inboundEvent.count(),
    outbound: await prisma.outboundMessage.count(),
    chats: await prisma.chat.count(),
    cases: await prisma.case.count(),
    uploads: await prisma.upload.count(),
    files: fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir).length : 0,
  };
}

/**
 * The counts once the bot is idle (every accepted event processed, nothing written for 150 ms): what an
 * accepted request or the start-up's own messages write comes later, and must not be taken for a refused one's.
 */
async function written(): Promise<Record<string, number>> {
  for (let last = ''; ; await new Promise((r) => setTimeout(r, 150))) {
    const pending = await platforms.t.app.prisma.inboundEvent.count({ where: { processedAt: null } });
    const now = JSON.stringify(await counts());
    if (pending === 0 && now === last) return JSON.parse(now) as Record<string, number>;
    last = now;
  }
}

/** The status and error code of each answer. */
async function refusal(res: Response): Promise<{ status: number; error: string | undefined }> {
  return { status: res.status, error: ((await res.json()) as { error?: string }).error };
}

const withoutHeader = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
const FORGERIES: Array<[string, (body: string, type: string) => Record<string, string>]> = [
  ['signed with another secret', (body, type) => signedHeaders('0123456789abcdef0123456789abcdef', now(), body, type)],
  ['signed 6 minutes ago', (body, type) => signedHeaders(SIGNING_SECRET, now() - 6 * 60, body, type)],
  ['signed 6 minutes ahead', (body, type) => signedHeaders(SIGNING_SECRET, now() + 6 * 60, body, type)],
  ['signed for another body', (body, type) => signedHeaders(SIGNING_SECRET, now(), `${body} `, type)],
  ['a fresh timestamp on an old signature', (body, type) => ({ ...signedHeaders(SIGNING_SECRET, now() - 400, body, type), 'x-slack-request-timestamp': String(now()) })],
  ['no signature header', (body, type) => withoutHeader(signedHeaders(SIGNING_SECRET, now(), body, type), 'x-slack-signature')],
  ['no timestamp header', (body, type) => withoutHeader(signedHeaders(SIGNING_SECRET, now(), body, type), 'x-slack-request-timestamp')],
  ['neither header', (_body, type) => ({ 'content-type': type })],
];

describe.each([
  ['an event', 'application/json', () => JSON.stringify(eventCallback(dmMessage('FORGED 我要退货，订单 2026112099999'), `EvForged${now()}`))],
  ['a button press', 'application/x-www-form-urlencoded', () => new URLSearchParams({ payload: JSON.stringify(blockActions('desk:approve:RT-20261124-0001')) }).toString()],
])('Slack: %s not signed by Slack within 5 minutes', (_what, type, makeBody) => {
  it(`is refused with 401 webhook.signature_invalid and nothing is stored (${FORGERIES.map(([how]) => how).join('; ')})`, async () => {
    const before = await written();
    for (const [how, headers] of FORGERIES) {
      const body = makeBody();
      expect(await refusal(await fetch(url('/slack/events'), { method: 'POST', headers: headers(body, type), body })), how).toEqual({ status: 401, error: 'webhook.signature_invalid' });
    }
    expect(await written()).toEqual(before);
  });

  it('the same request signed now is accepted (the refusals are about the signature alone)', async () => {
    const body = makeBody();
    expect((await fetch(url('/slack/events'), { method: 'POST', headers: signedHeaders(SIGNING_SECRET, now(), body, type), body })).status).toBe(200);
  });
});

describe('Telegram: an update without the webhook secret', () => {
  it('is refused with 401 webhook.secret_invalid and nothing is stored (wrong, other case, longer, empty, missing)', async () => {
    const before = await written();
    for (const secret of ['e2e_Secret-0123456780', TELEGRAM_SECRET.toUpperCase(), `${TELEGRAM_SECRET}0`, '', undefined]) {
      const headers = { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) };
      const res = await fetch(url('/telegram/webhook'), { method: 'POST', headers, body: JSON.stringify(privateText('FORGED 我要退货')) });
      expect(await refusal(res), String(secret)).toEqual({ status: 401, error: 'webhook.secret_invalid' });
    }
    expect(await written()).toEqual(before);
  });
});

// Each POST endpoint with a body past its limit (a few bytes over, so the limit is the route's own) and one it cannot parse.
interface Endpoint {
  route: string;
  limit: number;
  headers: () => Record<string, string>;
  /** A body of `size` bytes that would be acceptable but for its size. */
  padded: (size: number) => string | Buffer;
  malformed: string | Buffer;
  malformedCode: string;
}

const json = { 'content-type': 'application/json' };
const padJson = (fields: Record<string, unknown>) => (size: number) => {
  const bare = JSON.stringify({ ...fields, pad: '' });
  return JSON.stringify({ ...fields, pad: 'x'.repeat(Math.max(0, size - Buffer.byteLength(bare))) });
};
const slackSigned = (type: string) => (body: string | Buffer) => signedHeaders(SIGNING_SECRET, now(), body.toString(), type);
const KiB = 1024;

const ENDPOINTS: Array<Endpoint & { sign?: (body: string | Buffer) => Record<string, string> }> = [
  { route: '/api/console/messages', limit: 256 * KiB, headers: () => json, padded: padJson({ chatId: 'gate-1', text: 'hi' }), malformed: '{"chatId":"gate-1","text":', malformedCode: 'http.bad_json' },
  { route: '/api/console/actions', limit: 16 * KiB, headers: () => json, padded: padJson({ chatId: 'gate-1', actionId: 'menu:help' }), malformed: '{"chatId":', malformedCode: 'http.bad_json' },
  {
    route: '/api/console/uploads?chatId=gate-1', limit: 10 * KiB * KiB, headers: () => ({ 'content-type': 'application/octet-stream' }),
    padded: (size) => Buffer.concat([png('gate'), Buffer.alloc(size - png('gate').length)]), malformed: Buffer.alloc(0), malformedCode: 'http.invalid_request',
  },
  { route: '/api/desk/staff/actions', limit: 16 * KiB, headers: () => json, padded: padJson({ actionId: 'desk:claim:RT-20261124-0001' }), malformed: '[', malformedCode: 'http.bad_json' },
  { route: '/api/desk/manager/messages', limit: 16 * KiB, headers: () => json, padded: padJson({ text: 'hi' }), malformed: '{"text":"hi"', malformedCode: 'http.bad_json' },
  {
    route: '/slack/events', limit: KiB * KiB, headers: () => json, sign: slackSigned('application/json'),
    padded: padJson(eventCallback(dmMessage('hi'), 'EvGatePad')), malformed: '{"type":"event_callback",', malformedCode: 'webhook.payload_invalid',
  },
  {
    route: '/slack/events', limit: KiB * KiB, headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }), sign: slackSigned('application/x-www-form-urlencoded'),
    padded: (size) => `payload=${encodeURIComponent(JSON.stringify(blockActions('menu:help')))}&pad=${'x'.repeat(size)}`.slice(0, size),
    malformed: 'payload=%7B%22type%22%3A', malformedCode: 'webhook.payload_invalid',
  },
  {
    route: '/telegram/webhook', limit: KiB * KiB, headers: () => ({ ...json, 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }),
    padded: padJson(privateText('hi')), malformed: '{"update_id": 1, ', malformedCode: 'http.bad_json',
  },
];

describe.each(ENDPOINTS.map((e) => [`${e.route}${e.sign ? ` (${e.headers()['content-type']})` : ''}`, e] as const))('POST %s', (_name, endpoint) => {
  const send = (body: string | Buffer) => fetch(url(endpoint.route), { method: 'POST', headers: { ...endpoint.headers(), ...endpoint.sign?.(body) }, body });

  it(`refuses a body one byte over its limit with 413 and one it cannot read with 400 ${endpoint.malformedCode}; nothing is written, the process stays up`, async () => {
    const oversized = endpoint.padded(endpoint.limit + 1);
    expect(Buffer.byteLength(oversized)).toBe(endpoint.limit + 1);
    const before = await written();
    const tooLarge = await send(oversized);
    expect(tooLarge.status).toBe(413);
    const limit = endpoint.limit >= KiB * KiB ? `${endpoint.limit / KiB / KiB} MiB` : `${endpoint.limit / KiB} KiB`;
    expect(await tooLarge.json()).toEqual({ error: 'http.body_too_large', message: expect.stringContaining(`${limit} limit`) });
    const unreadable = await send(endpoint.malformed);
    expect(unreadable.status).toBe(400);
    // The console's clients show the message; a platform reads only the status and the code.
    const explained = endpoint.route.startsWith('/api/') ? { message: expect.stringMatching(/\w{3}/) } : {};
    expect(await unreadable.json()).toMatchObject({ error: endpoint.malformedCode, ...explained });
    expect(await written()).toEqual(before);
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });
});
