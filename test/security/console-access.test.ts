import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type CliRun } from '../support/cli-process.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { rawGet, rawRequest } from '../support/raw-http.ts';

const TOKEN = 'test-console-token-0123456789';

// The console API's access model: JSON bodies only, a Host allow-list, and the token when one is set.
// The bot here listens on every interface (HOST=0.0.0.0, as in a container), where the token is required.
describe('console access', () => {
  let t: TestApp;
  let withoutToken: CliRun;
  const noTokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-no-token-'));
  beforeAll(async () => {
    // `npm start` off loopback without a token, run while the bot under test starts.
    [withoutToken, t] = await Promise.all([
      runScript('src/main.ts', [], { unset: ['CONSOLE_TOKEN', 'DATABASE_URL', 'REDIS_URL'], env: { HOST: '0.0.0.0', PORT: '0', DATA_DIR: noTokenDir } }),
      startTestApp({ env: { HOST: '0.0.0.0', CONSOLE_TOKEN: TOKEN, ALLOWED_HOSTS: 'bot.example.com', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '2000' } }),
    ]);
  });
  afterAll(async () => {
    fs.rmSync(noTokenDir, { recursive: true, force: true });
    await t?.stop();
  });
  const port = () => new URL(t.url).port;
  // Reached over loopback (the wildcard address is no Host name the bot answers to).
  const base = () => `http://127.0.0.1:${port()}`;
  const message = JSON.stringify({ chatId: 'acc-1', text: 'hello' });
  const post = (route: string, headers: Record<string, string>, body = message) => fetch(`${base()}${route}`, { method: 'POST', headers, body });

  it('refuses to start off loopback without a token: `npm start` with HOST=0.0.0.0 exits naming CONSOLE_TOKEN', () => {
    expect(withoutToken.code).not.toBe(0);
    expect(`${withoutToken.stdout}${withoutToken.stderr}`).toMatch(/CONSOLE_TOKEN: required when HOST is not a loopback address/);
    expect(t.url).toMatch(/^http:\/\/0\.0\.0\.0:/);
  });

  it('requires the token on the API, compared exactly; the page itself loads without it', async () => {
    const none = await post('/api/console/messages', { 'content-type': 'application/json' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { error: string }).error).toBe('http.unauthorized');
    for (const wrong of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, 'Bearer ', `Basic ${TOKEN}`]) {
      expect((await post('/api/console/messages', { 'content-type': 'application/json', authorization: wrong })).status, wrong).toBe(401);
    }
    expect((await fetch(`${base()}/api/console/chats/acc-1/messages`)).status).toBe(401);
    // The manager reports are desk reads: the same token.
    expect((await fetch(`${base()}/api/desk/reports`)).status).toBe(401);
    expect((await fetch(`${base()}/api/desk/reports`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base()}/api/console/uploads?chatId=acc-1`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'x' })).status).toBe(401);
    expect((await post('/api/console/messages', { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await fetch(`${base()}/`)).status).toBe(200);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', ''],
  ])('refuses %s on JSON routes with 415, so no cross-site form can post', async (_label, type) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, ...(type ? { 'content-type': type } : {}) };
    const res = await post('/api/console/messages', headers, type ? message : undefined);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toBe('http.unsupported_media_type');
    expect((await post('/api/console/actions', headers, JSON.stringify({ chatId: 'acc-1', actionId: 'menu:help' }))).status).toBe(415);
  });

  it('answers only to its own Host names (DNS rebinding); probes are exempt', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const host of ['evil.example', `evil.example:${port()}`, `127.0.0.1:1`, '']) {
      const api = await rawGet(base(), '/api/console/chats/acc-1/messages', { ...auth, host });
      expect(api.status, host).toBe(421);
      expect(JSON.parse(api.body)).toMatchObject({ error: 'http.host_not_allowed' });
      expect((await rawGet(base(), '/', { host })).status, host).toBe(421);
    }
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, 'bot.example.com', 'BOT.example.com:443']) {
      expect((await rawGet(base(), '/api/console/chats/acc-1/messages', { ...auth, host })).status, host).toBe(200);
    }
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await rawGet(base(), path, { host: 'probe.internal' })).status, path).toBe(200);
  });

  it('answers a body that arrives too slowly with 408 and stays up', async () => {
    const head = `POST /api/console/messages HTTP/1.1\r\nhost: 127.0.0.1:${port()}\r\ncontent-type: application/json\r\nauthorization: Bearer ${TOKEN}\r\ncontent-length: 200\r\n\r\n`;
    const answer = await rawRequest(base(), [head, '{"chatId":', '"slow"'], 1_000);
    expect(answer.status).toBe(408);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });
});
