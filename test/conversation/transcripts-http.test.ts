import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { loadTranscripts, playTranscript, type TranscriptDriver } from './support/transcript.ts';

// Every transcript through the real running app over HTTP: console API, inbound queue, pipeline, case service, database.
describe('transcripts (real app over HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  function driver(chatId: string): TranscriptDriver {
    const answered = (answer: { status: number; replies: Array<{ text: string; buttons?: Array<{ id: string; label: string }> }> }) => {
      expect(answer.status, `${chatId}: HTTP status`).toBe(200);
      return answer.replies;
    };
    return {
      send: async (text, options) => answered(await t.send(chatId, text, options)),
      press: async (actionId) => answered(await t.press(chatId, actionId)),
      restart: () => t.restart(),
      cases: () => t.cases(chatId),
    };
  }

  // Transcripts that attach photos by claimed references (sizes the flow must refuse, such as 30 MB)
  // are played in-process: over HTTP only real uploads of the chat may be attached (test/security/console-attachments.test.ts).
  const overHttp = loadTranscripts().filter(({ transcript }) => !JSON.stringify(transcript).includes('"attachments"'));

  // Sequential on purpose: a transcript's restart step restarts the one app every transcript shares.
  it.each(overHttp)('$name', async ({ name, transcript }) => {
    await playTranscript(name, transcript, driver(`tx-${name}`), { calendar: t.app.calendar.current(), timeZone: t.config.businessTimeZone });
  });

  it('restart in the middle of a draft (state survives)', async () => {
    const chatId = 'tx-restart-explicit';
    await t.send(chatId, '我要换货');
    await t.send(chatId, 'JD-20261120-88');
    await t.restart();
    const chat = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chatId } });
    expect(chat.state).toMatchObject({ v: 1, draft: { flow: 'exchange', awaiting: 'itemName', fields: { orderNumber: 'JD-20261120-88' } } });
    const next = await t.send(chatId, '电水壶');
    expect(next.replies.map((r) => r.text).join('\n')).toContain('涉及几件');
  });
});
