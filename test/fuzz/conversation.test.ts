import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/conversation/language.ts';
import type { Lang } from '../../src/contracts/lang.ts';
import { parseCommand } from '../../src/domain/intake/index.ts';
import { createInProcessBot, useCaseDatabase } from '../conversation/support/in-process.ts';
import { anyMessage, fuzzParameters } from '../support/fuzz-arbitraries.ts';

/*
 * One orchestrator turn over the real case service and database, fed arbitrary text as the first message of a
 * new chat: it always answers, with at least one non-empty reply, in the language the merchant wrote in.
 */

const db = useCaseDatabase();

/** The language a new chat answers in: a switch command, else the language written in, else the default. */
function expectedLang(text: string): Lang {
  const command = parseCommand(text);
  if (command?.kind === 'lang') return command.lang === 'en' ? 'en' : 'zh-CN';
  return detectLanguage(text) ?? 'zh-CN';
}

describe('fuzz: one conversation turn', () => {
  it('answers any first message with a non-empty reply in the merchant\'s language', async () => {
    const bot = await createInProcessBot(db);
    let chats = 0;
    await fc.assert(
      fc.asyncProperty(anyMessage, async (text) => {
        const key = `fuzz-${++chats}`;
        const replies = await bot.send(key, text, { at: new Date('2026-11-26T04:00:00Z') });
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) expect(reply.text.trim()).not.toBe('');
        const lang = expectedLang(text);
        expect(bot.chats.get(key)?.lang).toBe(lang);
        const first = replies[0]?.text ?? '';
        // The bot's own words are in that language: Chinese replies hold Han characters; English ones Latin words.
        if (lang === 'zh-CN') expect(first).toMatch(/\p{Script=Han}/u);
        else expect(first).toMatch(/[A-Za-z]{2,}/);
        // State survives the JSON round trip the chat row gives it (createInProcessBot parses it back).
        expect(() => JSON.parse(bot.chats.get(key)?.state ?? '')).not.toThrow();
      }),
      fuzzParameters(12),
    );
  });

  it('answers a second arbitrary message inside whatever the first one started', async () => {
    const bot = await createInProcessBot(db);
    let chats = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('我要退货', '质量问题', 'I want to exchange', '投诉', '能退吗'), anyMessage, async (opening, text) => {
        const key = `fuzz-2-${++chats}`;
        await bot.send(key, opening, { at: new Date('2026-11-26T04:00:00Z') });
        const replies = await bot.send(key, text, { at: new Date('2026-11-26T04:01:00Z') });
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) expect(reply.text.trim()).not.toBe('');
      }),
      fuzzParameters(6),
    );
  });
});
