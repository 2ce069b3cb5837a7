import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { rawGet } from '../support/raw-http.ts';

// Malformed requests are answered with a coded 4xx; none may take the process down.
describe('bad requests never kill the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded' });
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
});
