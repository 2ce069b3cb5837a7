import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, decodeCallbackData, encodeCallbackData, utf8Bytes } from '../../../src/channels/telegram/callback-data.ts';
import { memoryActionTokens } from '../../support/telegram-doubles.ts';

const address = { platform: 'telegram', workspace: '123456789', externalChatId: '7012345678' } as const;

describe('callback_data', () => {
  it('always fits 64 bytes and always comes back as the same action id', async () => {
    const tokens = memoryActionTokens();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }), async (actionId) => {
        const data = await encodeCallbackData(actionId, address, tokens);
        expect(utf8Bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
        expect(await decodeCallbackData(data, tokens)).toBe(actionId);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps ids that fit as they are and shortens by bytes, not characters', async () => {
    const tokens = memoryActionTokens();
    expect(await encodeCallbackData('case:view:RT-20261124-0007', address, tokens)).toBe('case:view:RT-20261124-0007');
    // 22 CJK characters are 66 bytes: over the limit though only 22 characters long.
    const cjk = '退'.repeat(22);
    const data = await encodeCallbackData(cjk, address, tokens);
    expect(data).toMatch(/^~k\d+$/);
    expect(tokens.stored.get(data.slice(1))).toEqual({ actionId: cjk, address });
    expect(await encodeCallbackData('x'.repeat(64), address, tokens)).toBe('x'.repeat(64));
    expect(await encodeCallbackData('x'.repeat(65), address, tokens)).toMatch(/^~/);
  });

  it('an id that itself starts with the token mark is shortened, so it cannot be mistaken for a token', async () => {
    const tokens = memoryActionTokens();
    const data = await encodeCallbackData('~menu:help', address, tokens);
    expect(data).toBe('~k1');
    expect(await decodeCallbackData(data, tokens)).toBe('~menu:help');
  });

  it('refuses a store whose tokens are too long', async () => {
    const tokens = { shorten: async () => 'z'.repeat(64), expand: async () => null };
    await expect(encodeCallbackData('y'.repeat(80), address, tokens)).rejects.toMatchObject({ code: 'internal.unexpected' });
  });
});
