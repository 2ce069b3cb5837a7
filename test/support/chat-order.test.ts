import { describe, expect, it } from 'vitest';
import { checkChatOrder } from './chat-order.ts';

const turns = ['T-1', 'T-2', 'T-3'];
const answer = (t: string) => `没有找到编号为 ${t} 的售后申请`;

describe('checkChatOrder (the scale bench\'s verdict on replies)', () => {
  it('passes every chat answered once per turn, in order', () => {
    expect(checkChatOrder([turns.map(answer), turns.map(answer)], turns)).toEqual({ chats: 2, replies: 6, outOfOrder: 0, duplicates: 0, missing: 0, unexpected: 0 });
  });

  it('counts a swapped pair, a repeated answer, a turn never answered and a reply that names no turn', () => {
    expect(checkChatOrder([[answer('T-2'), answer('T-1'), answer('T-3')]], turns)).toMatchObject({ outOfOrder: 1, duplicates: 0, missing: 0 });
    expect(checkChatOrder([[answer('T-1'), answer('T-1'), answer('T-2'), answer('T-3')]], turns)).toMatchObject({ outOfOrder: 0, duplicates: 1, missing: 0 });
    expect(checkChatOrder([[answer('T-1'), answer('T-3')]], turns)).toMatchObject({ outOfOrder: 0, duplicates: 0, missing: 1 });
    expect(checkChatOrder([['您好！', ...turns.map(answer)]], turns)).toMatchObject({ unexpected: 1, replies: 3 });
  });
});
