import { beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/contracts/conversation.ts';
import { createInProcessBot, useCaseDatabase, type InProcessBot } from './support/in-process.ts';

// The orchestrator over the real case service (no platform): what a merchant's words outside any
// flow do once they have open cases. The thread posts themselves are checked as outbox rows.
const text = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

const db = useCaseDatabase();
beforeAll(async () => {
  // A staff desk, so case changes have somewhere to post.
  await db.prisma.chat.create({ data: { platform: 'console', externalChatId: `desk:staff:${Date.now()}`, kind: 'staff' } });
});

async function openReturn(bot: InProcessBot, chat: string): Promise<string> {
  for (const line of ['我要退货', 'AB123456', '水杯', '1', '昨天', '不想要了']) await bot.send(chat, line);
  const opened = text(await bot.send(chat, '确认'));
  return /RT-\d{8}-\d{4}/.exec(opened)![0];
}

const threadPosts = (number: string) => db.prisma.outboundMessage.findMany({ where: { case: { number }, payload: { path: ['threadOf'], not: 'null' } }, select: { text: true } });

describe('a merchant message outside any flow', () => {
  it('without an open case is still "not understood"', async () => {
    const bot = await createInProcessBot(db);
    expect(text(await bot.send('c', '外包装我还留着'))).toContain('没有理解');
  });

  it('names one of several open cases by number and goes there without asking', async () => {
    const bot = await createInProcessBot(db);
    const first = await openReturn(bot, 'c');
    const second = await openReturn(bot, 'c');
    expect(text(await bot.send('c', `${first} 外包装我还留着`))).toContain(`已转给处理 ${first} 的工作人员`);
    expect((await threadPosts(first)).map((p) => p.text).join()).toContain('外包装我还留着');
    expect(await threadPosts(second)).toHaveLength(0);
    // The number alone is still a look-up.
    expect(text(await bot.send('c', first))).toContain(first);
    expect(await threadPosts(first)).toHaveLength(1);
  });

  it('with several open cases is kept until the merchant types the number of one', async () => {
    const bot = await createInProcessBot(db);
    await openReturn(bot, 'c');
    const second = await openReturn(bot, 'c');
    const asked = await bot.send('c', '周末家里有人');
    expect(text(asked)).toContain('这条消息是关于哪一个');
    expect(await threadPosts(second)).toHaveLength(0);
    expect(text(await bot.send('c', second))).toContain(`已转给处理 ${second}`);
    expect((await threadPosts(second)).map((p) => p.text).join()).toContain('周末家里有人');
  });

  it('about a closed case says so and posts nothing', async () => {
    const bot = await createInProcessBot(db);
    const number = await openReturn(bot, 'c');
    expect(text(await bot.send('c', `取消 ${number}`))).toContain(`确定要取消售后申请 ${number} 吗`);
    expect(text(await bot.send('c', '确定'))).toContain('已取消');
    expect(text(await bot.send('c', `${number} 外包装我还留着`))).toContain(`${number} 已结束`);
    expect(await threadPosts(number)).toHaveLength(0);
  });
});
