import type { Reply } from '../../src/contracts/conversation.ts';

/** One step of the benchmark conversation: a message, or a press of a button offered in the last replies. */
export type BenchStep = { send: string } | { pressPrefix: string };

/** A return request from start to confirmation, then a status check: the most common merchant conversation. */
export const benchScript: BenchStep[] = [
  { send: '我要退货' },
  { send: 'SO20261120-001' },
  { send: '蓝牙耳机' },
  { send: '1' },
  { send: '昨天' },
  { send: '不想要了' },
  { pressPrefix: 'flow:confirm:' },
  { send: '我的售后' },
];

/** The button a step presses, taken from the replies the bot just gave. */
export function buttonFor(step: { pressPrefix: string }, replies: Reply[]): string {
  const id = replies.flatMap((r) => r.buttons ?? []).find((b) => b.id.startsWith(step.pressPrefix))?.id;
  if (!id) throw new Error(`no button ${step.pressPrefix}* in the replies: ${JSON.stringify(replies).slice(0, 300)}`);
  return id;
}
