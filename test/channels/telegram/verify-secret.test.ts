import { describe, expect, it } from 'vitest';
import { verifyTelegramSecret } from '../../../src/channels/telegram/verify-secret.ts';

const secret = 'Zq3_kP9-xW2mT7vR4sYb';

describe('verifyTelegramSecret', () => {
  it.each([
    ['the right secret', secret, true],
    ['a wrong secret of the same length', 'Zq3_kP9-xW2mT7vR4sYc', false],
    ['a missing header', undefined, false],
    ['an empty header', '', false],
    ['a shorter value (a prefix)', secret.slice(0, -1), false],
    ['a longer value (secret + more)', `${secret}x`, false],
    ['the secret with different case', secret.toUpperCase(), false],
    ['the secret twice (two header lines)', [secret, secret], false],
    ['multi-byte characters of the same string length', 'Zq3_kP9-xW2mT7vR4sY你', false],
  ] as const)('%s → %s', (_name, header, expected) => {
    expect(verifyTelegramSecret(header as string | string[] | undefined, secret)).toBe(expected);
  });

  it('never accepts anything when no secret is configured', () => {
    expect(verifyTelegramSecret('', '')).toBe(false);
    expect(verifyTelegramSecret(undefined, '')).toBe(false);
  });
});
