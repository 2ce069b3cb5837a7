import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../src/errors.ts';
import type { Orchestrator } from '../../src/contracts/conversation.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';

// An orchestrator that fails on demand, passed through startApp's own option (no module mocking).
function flakyOrchestrator(failuresBeforeSuccess: Map<string, number>): Orchestrator {
  return {
    async handle(chat, input) {
      const key = input.text ?? '';
      const left = failuresBeforeSuccess.get(key) ?? 0;
      if (left > 0) {
        failuresBeforeSuccess.set(key, left - 1);
        throw new CodedError('internal.unexpected', 'injected failure');
      }
      return { replies: [{ text: `ok: ${key}` }], state: chat.state, lang: chat.lang };
    },
  };
}

describe('pipeline failures', () => {
  const failures = new Map<string, number>([['once', 1], ['always', 99]]);
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded', orchestrator: flakyOrchestrator(failures) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('retries a failed message and answers it, keeping later messages of the chat behind it', async () => {
    const [first, second] = await Promise.all([t.send('flaky', 'once', { clientMessageId: 'a' }), t.send('flaky', 'after', { clientMessageId: 'b' })]);
    expect(first.replies).toEqual([{ text: 'ok: once' }]);
    expect(second.replies).toEqual([{ text: 'ok: after' }]);
    const events = await t.app.prisma.inboundEvent.findMany({ where: { chat: { externalChatId: 'flaky' } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.attempts)).toEqual([1, 0]);
    expect(events[0]!.processedAt!.getTime()).toBeLessThanOrEqual(events[1]!.processedAt!.getTime());
  });

  it('after 3 failed attempts apologises to the merchant and keeps the error code, never dropping the message', async () => {
    const answer = await t.send('broken', 'always');
    expect(answer.status).toBe(200);
    expect(answer.replies[0]?.text).toContain('出错');
    const event = await t.app.prisma.inboundEvent.findFirstOrThrow({ where: { chat: { externalChatId: 'broken' } } });
    expect(event).toMatchObject({ attempts: 3, lastError: 'internal.unexpected', text: 'always' });
    expect(event.processedAt).not.toBeNull();
  });
});
