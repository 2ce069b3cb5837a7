import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../src/contracts/conversation.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';

// An orchestrator slower than the burst, through startApp's own door (no module mocking).
const slow: Orchestrator = {
  async handle(chat, input) {
    await new Promise((r) => setTimeout(r, 1_500));
    return { replies: [{ text: `ok: ${input.text ?? ''}` }], state: chat.state, lang: chat.lang };
  },
};

// Above capacity the console sheds new requests with 503 and Retry-After before storing anything,
// rather than letting waiting requests pile up; what it accepted is answered.
describe('load shedding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded', orchestrator: slow, env: { CONSOLE_MAX_WAITING: '2', CONSOLE_REPLY_TIMEOUT_MS: '20000', WORKER_CONCURRENCY: '8' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers 503 service.overloaded with Retry-After past CONSOLE_MAX_WAITING and stores nothing for those', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const res = await fetch(`${t.url}/api/console/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chatId: `shed-${i}`, text: `m${i}`, clientMessageId: `c${i}` }),
        });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: string; replies?: Array<{ text: string }> } };
      }),
    );
    const shed = answers.filter((a) => a.status === 503);
    const served = answers.filter((a) => a.status === 200);
    expect(shed.length).toBeGreaterThanOrEqual(1);
    expect(served.length + shed.length).toBe(8);
    for (const a of shed) {
      expect(a.body.error).toBe('service.overloaded');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    for (const a of served) expect(a.body.replies?.[0]?.text).toMatch(/^ok: m\d$/);
    expect(await t.app.prisma.inboundEvent.count()).toBe(served.length);
    // Once the burst is over the same client gets through.
    const retry = await t.send('shed-late', 'late');
    expect(retry.status).toBe(200);
  });
});
