import { describe, expect, it } from 'vitest';
import { buildOrchestrator } from '../../src/conversation/build-orchestrator.ts';
import type { ConsultAnswerer } from '../../src/conversation/consult-answerer.ts';
import type { Reply } from '../../src/contracts/conversation.ts';
import { defaultPolicy } from '../../src/domain/policy/default-policy.ts';
import { createLogger } from '../../src/log.ts';
import { calendar, createInProcessBot, TIME_ZONE, useCaseDatabase, type InProcessBot } from './support/in-process.ts';

const HOUR = 3_600_000;
const text = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
const ids = (replies: Reply[]) => replies.flatMap((r) => r.buttons ?? []).map((b) => b.id);

// One real database for the file; every bot gets its own merchants and chats on it.
const db = useCaseDatabase();

async function fillReturn(bot: InProcessBot, chat: string, at?: Date) {
  const o = at ? { at } : {};
  await bot.send(chat, '我要退货', o);
  await bot.send(chat, 'AB123456', o);
  await bot.send(chat, '水杯', o);
  await bot.send(chat, '1', o);
  await bot.send(chat, at ? '今天' : '昨天', o);
  return bot.send(chat, '不想要了', o);
}

describe('drafts', () => {
  it('expire after draftTtlMs and say so; a draft touched in time lives on', async () => {
    const bot = await createInProcessBot(db, { draftTtlMs: 2 * HOUR });
    const start = new Date('2026-11-26T02:00:00Z');
    await bot.send('c', '质量问题', { at: start });
    const kept = await bot.send('c', 'AB123456', { at: new Date(start.getTime() + 1.5 * HOUR) });
    expect(text(kept)).toContain('是哪件商品');
    const expired = await bot.send('c', '保温杯', { at: new Date(start.getTime() + 3.6 * HOUR) });
    expect(text(expired)).toContain('已超过 2 小时未完成，已自动清除');
    expect(JSON.parse(bot.chats.get('c')?.state ?? '{}')).not.toHaveProperty('draft');
  });

  it('refuses a confirm button from an older summary and shows the latest one', async () => {
    const bot = await createInProcessBot(db);
    const summary = await fillReturn(bot, 'c');
    const oldConfirm = ids(summary).find((id) => id.startsWith('flow:confirm:'));
    await bot.send('c', '数量改为2');
    const answer = await bot.press('c', oldConfirm ?? '');
    expect(text(answer)).toContain('信息已有更新');
    expect(text(answer)).toContain('• 数量：2');
    expect(await bot.cases('c')).toHaveLength(0);
    const newConfirm = ids(answer).find((id) => id.startsWith('flow:confirm:'));
    expect(text(await bot.press('c', newConfirm ?? ''))).toContain('退货申请编号为');
    // The fake kept the draft it was given; the real service keeps the same fields as columns of the case row.
    expect((await bot.cases('c'))[0]).toMatchObject({ type: 'return', orderNumber: 'AB123456', quantity: 2, itemName: '水杯', reason: '不想要了' });
  });

  it('keeps the draft when the case service fails, and opens the case on the next confirm', async () => {
    const bot = await createInProcessBot(db);
    await fillReturn(bot, 'c');
    // A real failure: the Case table is gone while the merchant confirms.
    const broken = await db.breakCaseTable();
    let failed: Reply[];
    try {
      failed = await bot.send('c', '确认');
    } finally {
      await broken.restore();
    }
    expect(text(failed)).toContain('系统暂时繁忙');
    expect(await bot.cases('c')).toHaveLength(0);
    expect(text(await bot.send('c', '确认'))).toContain('退货申请编号为');
  });

  it('says when a confirm comes before every question is answered', async () => {
    const bot = await createInProcessBot(db);
    await bot.send('c', '我要退货');
    const early = await bot.send('c', '确认');
    expect(text(early)).toContain('还有信息没有填写完');
    expect(text(early)).toContain('请提供订单号');
  });

  it.each([null, 'garbage', 42, [], { v: 2 }, { v: 1, draft: { flow: 'quality', awaiting: 'reason' } }, { v: 1, draft: { id: 'x', flow: 'nope' } }])(
    'starts fresh from a stored state of unknown shape %j',
    async (state) => {
      const bot = await createInProcessBot(db);
      bot.chats.set('c', { lang: 'zh-CN', state: JSON.stringify(state) });
      const replies = await bot.send('c', '我要退货');
      expect(text(replies)).toContain('请提供订单号');
      const lostDraft = typeof state === 'object' && state !== null && 'draft' in state;
      expect(text(replies).includes('之前未提交的信息无法恢复')).toBe(lostDraft);
    },
  );

  it('asks before replacing an unfinished draft, and resumes the same flow without asking', async () => {
    const bot = await createInProcessBot(db);
    await bot.send('c', '质量问题');
    await bot.send('c', 'AB123456');
    expect(text(await bot.press('c', 'menu:quality'))).toContain('是哪件商品');
    const ask = await bot.press('c', 'menu:complaint');
    expect(ids(ask)).toEqual(['switch:complaint', 'flow:keep']);
    const switched = await bot.press('c', 'switch:complaint');
    expect(text(switched)).toContain('未提交的质量问题报告已清除');
    expect(text(switched)).toContain('您要投诉哪位工作人员');
  });
});

describe('photos', () => {
  const photo = (n: number, mimeType = 'image/jpeg') => ({ ref: `p-${n}`, mimeType, sizeBytes: 1_000_000, fileName: `p${n}.jpg` });

  it('keeps at most nine, refuses other types, and keeps photos sent before a flow starts for the draft', async () => {
    const bot = await createInProcessBot(db);
    expect(text(await bot.send('c', '照片', { attachments: [photo(0)] }))).toContain('已收到 1 张照片，先为您保存');
    expect(text(await bot.send('c', '质量问题'))).toContain('照片 1 张');
    const many = await bot.send('c', '照片', { attachments: [...Array.from({ length: 10 }, (_, i) => photo(i)), photo(11, 'image/gif')] });
    expect(text(many)).toContain('照片“p8.jpg”未保存：超过 9 张上限');
    expect(text(many)).toContain('照片“p11.jpg”未保存：格式不支持');
    expect(text(many)).toContain('已收到 8 张照片（共 9/9 张）');
    // Photos sent early are kept, and the flow goes on asking for the order number.
    expect(text(many)).toContain('请提供订单号');
  });
});

describe('language', () => {
  it('follows the language the merchant writes in, but not answers inside a draft', async () => {
    const bot = await createInProcessBot(db);
    expect(text(await bot.send('c', 'I want to return something'))).toContain('What is the order number?');
    expect(text(await bot.send('c', 'AB123456'))).toContain('Which item');
    expect(text(await bot.send('c', '保温杯'))).toContain('How many');
    expect(text(await bot.send('c', '取消'))).toContain('已取消');
    expect(text(await bot.send('c', 'RT-20261124-0007'))).toContain('没有找到');
  });

  it('sticks to an explicit choice over the language written in', async () => {
    const bot = await createInProcessBot(db);
    await bot.send('c', '/lang en');
    expect(text(await bot.send('c', '我要退货'))).toContain('What is the order number?');
    await bot.press('c', 'lang:zh');
    expect(text(await bot.send('c', 'help'))).toContain('售后服务助手');
  });
});

describe('cases', () => {
  it('relays the refusal when staff have already contacted the merchant', async () => {
    const bot = await createInProcessBot(db);
    await bot.send('c', '质量问题');
    for (const answer of ['AB123456', '杯子', '1', '碎了', '杯口有裂缝', '没有照片', '换新']) await bot.send('c', answer);
    const opened = await bot.send('c', '确认');
    // Quality cases are numbered QP-… by the real service (README; the old fake said QA-…).
    const number = /QP-\d{8}-\d{4}/.exec(text(opened))?.[0] ?? '';
    // Staff contact the merchant through the real state table (quality: reported → contacted).
    expect(await db.staffEvent(number, 'contact')).toMatchObject({ ok: true, summary: { status: 'contacted' } });
    const status = await bot.send('c', '我的售后');
    expect(ids(status)).not.toContain(`case:cancel:${number}`);
    expect(text(await bot.press('c', `case:cancel-yes:${number}`))).toContain('工作人员已与您联系并在处理');
  });

  it('warns when deadlines rest on an estimated calendar (no published schedule yet)', async () => {
    const bot = await createInProcessBot(db);
    const at = new Date('2027-03-03T02:00:00Z');
    expect(calendar.yearStatus(2027)).toBe('estimated');
    const summary = await fillReturn(bot, 'c', at);
    expect(text(summary)).toContain('（按法定节假日估算，以官方安排为准）');
    const opened = await bot.send('c', '确认', { at });
    expect(text(opened)).toContain('审核您的申请。（按法定节假日估算，以官方安排为准）');
  });

  it('tells a merchant without an account that requests cannot be taken', async () => {
    const orchestrator = buildOrchestrator({ cases: db.cases, calendar: () => calendar, policy: defaultPolicy, timeZone: TIME_ZONE, draftTtlMs: HOUR, log: createLogger('silent') });
    const result = await orchestrator.handle({ chatId: 'c', merchantId: null, lang: 'zh-CN', state: {} }, { kind: 'message', text: '我的售后', receivedAt: new Date() });
    expect(text(result.replies)).toContain('暂时无法识别您的商家身份');
  });
});

describe('consultation', () => {
  it('uses the answerer it is given', async () => {
    const questions: string[] = [];
    const consult: ConsultAnswerer = {
      async answer(q) {
        questions.push(q.question);
        const answer = { text: `answer in ${q.lang}`, lang: 'en' as const, clauseIds: [], figures: [], needsPerson: false, source: 'offline' as const };
        return { answerId: null, answer, check: { verdict: 'pass' as const, violations: [] }, citations: [] };
      },
    };
    const bot = await createInProcessBot(db, { deps: { consult } });
    expect(text(await bot.send('c', 'How long does a refund take?'))).toBe('answer in en');
    expect(questions).toEqual(['How long does a refund take?']);
  });

  it('falls back to the placeholder when the answerer fails', async () => {
    const bot = await createInProcessBot(db, { deps: { consult: { answer: () => Promise.reject(new Error('model down')) } } });
    expect(text(await bot.send('c', '退货要多久？'))).toContain('工作人员会尽快回复您');
  });
});

describe('side trips', () => {
  it('answers a question asked mid-draft and then picks the draft up again', async () => {
    const bot = await createInProcessBot(db);
    await bot.send('c', '我要退货');
    await bot.press('c', 'menu:consult');
    const answered = await bot.send('c', '发票能重开吗');
    expect(text(answered)).toContain('工作人员会回复您');
    expect(text(answered)).toContain('请提供订单号');
    await bot.press('c', 'menu:consult');
    const policy = await bot.send('c', '退货要在几天内申请？');
    expect(text(policy)).toContain('7个工作日');
    expect(text(policy)).toContain('依据：第3.2.1条');
    expect(text(policy)).toContain('请提供订单号');
    expect(text(await bot.send('c', 'AB123456'))).toContain('是哪件商品');
  });

  it('shows the cases with their cancel buttons when a merchant asks to cancel without a number', async () => {
    const bot = await createInProcessBot(db);
    await fillReturn(bot, 'c');
    await bot.send('c', '确认');
    const listed = await bot.send('c', '我要取消退货申请');
    expect(text(listed)).toContain('已申请退货');
    expect(ids(listed).some((id) => id.startsWith('case:cancel:RT-'))).toBe(true);
  });

  it('keeps the description when the category is corrected with words naming none', async () => {
    const bot = await createInProcessBot(db);
    await bot.send('c', '质量问题');
    for (const answer of ['AB123456', '杯子', '1']) await bot.send('c', answer);
    await bot.send('c', '说不清楚的毛病');
    for (const answer of ['没有照片', '维修']) await bot.send('c', answer);
    await bot.press('c', 'edit:problemCategory');
    const summary = await bot.send('c', '也说不上来');
    expect(text(summary)).toContain('• 问题类型：其他');
    expect(text(summary)).toContain('• 问题描述：说不清楚的毛病');
  });
});
