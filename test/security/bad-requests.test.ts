import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { rawGet } from '../support/raw-http.ts';

// Malformed requests are answered with a coded 4xx; none may take the process down.
describe('bad requests never kill the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each(['%', '%ZZ', '%C0%AF', '%E0%A4%A', 'ok%'])('answers a malformed escape in a path parameter (%s) with 400 http.invalid_path', async (segment) => {
    const answer = await rawGet(t.url, `/api/console/chats/${segment}/messages`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'http.invalid_path' });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('answers a request target that is no URL without failing', async () => {
    for (const target of ['//', '//@/x', 'http://[::1/']) {
      const answer = await rawGet(t.url, target);
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
      expect(answer.status, target).toBeLessThan(500);
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ['userName', { text: 'hi', userName: 'a\u0000b' }],
    ['clientMessageId', { text: 'hi', clientMessageId: 'm\u0000' }],
    ['clientMessageId (lone surrogate)', { text: 'hi', clientMessageId: 'm\uD800' }],
    ['attachments[].ref', { text: 'hi', attachments: [{ ref: 'upload:\u0000', mimeType: 'image/png', sizeBytes: 1 }] }],
    ['attachments[].fileName', { text: 'hi', attachments: [{ ref: 'upload:x', mimeType: 'image/png', sizeBytes: 1, fileName: '\u0000.png' }] }],
  ])('refuses a NUL or lone surrogate in %s with 400 and stores nothing', async (_field, fields) => {
    const before = await t.app.prisma.inboundEvent.count();
    const res = await fetch(`${t.url}/api/console/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: 'nul-1', ...fields }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('http.invalid_request');
    expect(await t.app.prisma.inboundEvent.count()).toBe(before);
  });

  it('refuses a NUL in an action id or client action id with 400', async () => {
    for (const fields of [{ actionId: 'menu:\u0000' }, { actionId: 'menu:help', clientActionId: 'x\u0000' }]) {
      const res = await fetch(`${t.url}/api/console/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: 'nul-2', ...fields }) });
      expect(res.status).toBe(400);
    }
  });

  it('reads JSON after a UTF-8 byte order mark', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ chatId: 'bom-1', text: 'hello' }))]);
    const res = await fetch(`${t.url}/api/console/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
  });
});
