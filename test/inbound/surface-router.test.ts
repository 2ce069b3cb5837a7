import { describe, expect, it } from 'vitest';
import type { ChatKind } from '../../src/contracts/channel.ts';
import type { ChatContext, Orchestrator } from '../../src/contracts/conversation.ts';
import { createSurfaceRouter } from '../../src/inbound/surface-router.ts';

/** An orchestrator that answers with its own name, so the test sees who handled the event. */
const named = (name: string): Orchestrator => ({ handle: async (chat) => ({ replies: [{ text: name }], state: chat.state, lang: chat.lang }) });

describe('surface router', () => {
  const router = createSurfaceRouter({ merchant: named('merchant'), desk: named('desk') });
  const handledBy = async (surface: ChatKind | undefined) => {
    const chat: ChatContext = { chatId: 'c1', merchantId: null, lang: 'zh-CN', state: {}, ...(surface ? { surface } : {}) };
    return (await router.handle(chat, { kind: 'action', actionId: 'desk:contact:QA-20261126-0001', receivedAt: new Date() })).replies[0]?.text;
  };

  it.each([
    ['merchant', 'merchant'],
    [undefined, 'merchant'],
    ['staff', 'desk'],
    ['manager', 'desk'],
    // A staff member's DM (an SLA warning's buttons): the desk, which checks the presser is staff; never the merchant conversation.
    ['staff_dm', 'desk'],
  ] as const)('a %s chat goes to the %s', async (surface, expected) => {
    expect(await handledBy(surface)).toBe(expected);
  });
});
