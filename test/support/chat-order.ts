/** What one run's replies looked like against the messages sent, over every chat. */
export interface OrderCheck {
  chats: number;
  /** Replies that named a turn. */
  replies: number;
  /** A reply naming an earlier turn than the reply before it in the same chat. */
  outOfOrder: number;
  /** Replies naming a turn already answered in that chat. */
  duplicates: number;
  /** Turns no reply named. */
  missing: number;
  /** Replies naming no turn at all (a greeting, an apology): reported, and a violation, since each turn must get one answer. */
  unexpected: number;
}

/**
 * Checks each chat's replies, in the order the platform received them, against the turns sent:
 * `turns[i]` is the text by which a reply names turn i (each answer quotes it). Every turn must be
 * named exactly once, in order.
 */
export function checkChatOrder(repliesPerChat: string[][], turns: string[]): OrderCheck {
  const check: OrderCheck = { chats: repliesPerChat.length, replies: 0, outOfOrder: 0, duplicates: 0, missing: 0, unexpected: 0 };
  for (const replies of repliesPerChat) {
    const seen = new Set<number>();
    let previous = -1;
    for (const text of replies) {
      const turn = turns.findIndex((t) => text.includes(t));
      if (turn < 0) {
        check.unexpected += 1;
        continue;
      }
      check.replies += 1;
      if (seen.has(turn)) check.duplicates += 1;
      if (turn < previous) check.outOfOrder += 1;
      seen.add(turn);
      previous = turn;
    }
    check.missing += turns.length - seen.size;
  }
  return check;
}
