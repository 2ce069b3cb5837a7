import type { ConversationInput } from '../../src/conversation/types.ts';

/** One merchant conversation the flows benchmark replays: a return request from start to confirmation. */
export function benchScript(): Array<Omit<ConversationInput, 'receivedAt'>> {
  return [
    { kind: 'message', text: '我要退货' },
    { kind: 'message', text: 'DD20261120001' },
    { kind: 'message', text: '蓝牙耳机' },
    { kind: 'message', text: '1' },
    { kind: 'message', text: '昨天' },
    { kind: 'message', text: '不想要了' },
    { kind: 'message', text: '我的售后' },
  ];
}
