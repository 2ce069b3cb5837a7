import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { FakeOpenAiApi } from '../support/fake-openai-api.ts';
import type { Reply } from '../../src/contracts/conversation.ts';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
const buttons = (replies: Reply[]) => replies.flatMap((r) => r.buttons ?? []);

interface FeedItem {
  text: string;
}

// Consultation answers on the real app over the console's HTTP API, with no OPENAI_API_KEY (the embedded default).
describe('console: consultation answers (offline)', () => {
  let t: TestApp;
  const feed = async () => ((await (await fetch(`${t.url}/api/desk/staff/feed`)).json()) as { messages: FeedItem[] }).messages;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers from the policy with its clause, offers the feedback buttons, and stores the answer with its checks', async () => {
    const answered = await t.send('consult-1', '退货要在几天内申请？');
    expect(texts(answered.replies)).toContain('7个工作日');
    expect(texts(answered.replies)).toContain('依据：第3.2.1条');
    expect(buttons(answered.replies).map((b) => b.label)).toEqual(['有帮助', '不满意，找人工']);

    const en = await t.send('consult-2', 'How long until I get my refund?');
    expect(texts(en.replies)).toContain('3 working days after the returned goods arrive');
    expect(texts(en.replies)).toContain('Source: clause 3.2.4');
    expect(buttons(en.replies).map((b) => b.label)).toEqual(['This helped', 'Not satisfied, talk to a person']);

    const rows = await t.app.prisma.consultationAnswer.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ question: '退货要在几天内申请？', lang: 'zh', source: 'offline', citations: ['3.2.1'], verdict: 'pass', checks: [], topic: 'request_window', needsPerson: false, helpful: null });
    expect(rows[0]!.questionHash).toMatch(/^[0-9a-f]{16}$/);
    expect(rows[0]!.figures).toEqual([{ value: 7, unit: 'working_days', quote: '7个工作日' }]);
    expect(rows[1]).toMatchObject({ lang: 'en', citations: ['3.2.4'], verdict: 'pass' });
    expect(rows[0]!.merchantId).not.toBeNull();
  });

  it('"this helped" is recorded; "not satisfied" opens a consultation follow-up on the staff desk with the question, answer and clauses', async () => {
    const chat = 'consult-3';
    const answered = await t.send(chat, '退款几天到账');
    const [helped, notSatisfied] = buttons(answered.replies);
    expect(texts((await t.press(chat, helped!.id)).replies)).toContain('感谢您的反馈');
    const answerId = helped!.id.split(':')[2]!;
    expect(await t.app.prisma.consultationAnswer.findUniqueOrThrow({ where: { id: answerId } })).toMatchObject({ helpful: true, caseId: null });

    const followUp = await t.press(chat, notSatisfied!.id);
    const number = /CF-\d{8}-\d{4}/.exec(texts(followUp.replies))?.[0];
    expect(number, texts(followUp.replies)).toBeDefined();
    const row = await t.app.prisma.consultationAnswer.findUniqueOrThrow({ where: { id: answerId }, include: { case: true } });
    expect(row).toMatchObject({ helpful: false });
    expect(row.case?.number).toBe(number);
    expect(row.case?.type).toBe('consultation_followup');

    await expect.poll(async () => (await feed()).find((m) => m.text.includes(number!))?.text ?? '', { timeout: 10_000 }).toContain('退款几天到账');
    const card = (await feed()).find((m) => m.text.includes(number!))!.text;
    expect(card).toContain('3个工作日');
    expect(card).toContain('3.2.4');

    // Pressed again: the same follow-up, not a second one; and the merchant can keep asking.
    expect(texts((await t.press(chat, notSatisfied!.id)).replies)).toContain(number!);
    expect(await t.app.prisma.case.count({ where: { type: 'consultation_followup' } })).toBe(1);
    expect(texts((await t.send(chat, '寄回地址是什么？')).replies)).toContain('工作人员会告诉您寄回地址');
  });

  it('a button naming another chat\'s answer is stale', async () => {
    const other = await t.send('consult-4', '质量问题多久联系我');
    const helped = buttons(other.replies)[0]!;
    const stale = await t.press('consult-5', helped.id);
    expect(texts(stale.replies)).not.toContain('感谢您的反馈');
    expect((await t.app.prisma.consultationAnswer.findFirstOrThrow({ where: { id: helped.id.split(':')[2]! } })).helpful).toBeNull();
  });

  it('answers a question asked mid-draft, and the draft continues afterwards', async () => {
    const chat = 'consult-draft';
    expect(texts((await t.send(chat, '我要退货')).replies)).toContain('请提供订单号');
    await t.press(chat, 'menu:consult');
    const answered = await t.send(chat, '退货要在几天内申请？');
    expect(texts(answered.replies)).toContain('7个工作日');
    expect(texts(answered.replies)).toContain('请提供订单号');
    expect(texts((await t.send(chat, 'SO20261120-001')).replies)).toContain('是哪件商品');
    // The feedback buttons work mid-draft too, and the draft is picked up again.
    const helped = buttons(answered.replies).find((b) => b.label === '有帮助')!;
    const thanked = await t.press(chat, helped.id);
    expect(texts(thanked.replies)).toContain('感谢您的反馈');
    expect(texts(thanked.replies)).toContain('是哪件商品');
  });

  it.each([
    ['zh', 'consult-7', '退货运费谁出？', '不满意，找人工', '已告知工作人员您对回答不满意', '商家对机器人的回答不满意'],
    // The note is in the staff desk's language (Chinese here), whatever the merchant's.
    ['en', 'consult-8', 'Who pays the return shipping?', 'Not satisfied, talk to a person', 'told them you are not satisfied', '商家对机器人的回答不满意'],
  ])(
    '%s: "not satisfied" with an answer that already put the question on the desk joins that request: no follow-up case, one note under its card',
    async (_lang, chat, question, label, toMerchant, note) => {
      const answered = await t.send(chat, question);
      const notSatisfied = buttons(answered.replies).find((b) => b.label === label);
      expect(notSatisfied, texts(answered.replies)).toBeDefined();
      const answerId = notSatisfied!.id.split(':')[2]!;
      expect(await t.app.prisma.consultationAnswer.findUniqueOrThrow({ where: { id: answerId } })).toMatchObject({ needsPerson: true });
      // The desk card for the question is up already.
      await expect.poll(async () => (await feed()).filter((m) => m.text.includes(question)).length, { timeout: 10_000 }).toBe(1);

      // Pressed twice: the merchant is told the request stands, staff get one note, and no CF case is opened.
      for (let press = 0; press < 2; press += 1) expect(texts((await t.press(chat, notSatisfied!.id)).replies)).toContain(toMerchant);
      const row = await t.app.prisma.consultationAnswer.findUniqueOrThrow({ where: { id: answerId } });
      expect(row).toMatchObject({ helpful: false, caseId: null });
      expect(await t.app.prisma.case.count({ where: { type: 'consultation_followup', description: question } })).toBe(0);
      const { id: chatId } = await t.app.prisma.chat.findFirstOrThrow({ where: { externalChatId: chat } });
      await expect.poll(async () => (await feed()).filter((m) => m.text.includes(note) && m.text.includes(question)).length, { timeout: 10_000 }).toBe(1);
      const notes = await t.app.prisma.outboundMessage.findMany({ where: { text: { contains: question } } });
      expect(notes.filter((m) => m.text.includes(note)).map((m) => m.payload)).toEqual([expect.objectContaining({ threadOf: `handoff-${chatId}` })]);
    },
  );

  it('says honestly what the contract does not answer, and puts the question on the staff desk', async () => {
    const answered = await t.send('consult-6', '退货运费谁出？');
    expect(texts(answered.replies)).toContain('合同没有规定退换货的运费由谁承担');
    await expect.poll(async () => (await feed()).some((m) => m.text.includes('退货运费谁出')), { timeout: 10_000 }).toBe(true);
  });
});

// With OPENAI_API_KEY set: the model drafts, the checker decides, and a lie never reaches the merchant.
describe('console: consultation answers with a model that lies', () => {
  const API_KEY = 'sk-test-console-consult';
  let api: FakeOpenAiApi;
  let t: TestApp;

  beforeAll(async () => {
    api = await FakeOpenAiApi.start({ apiKey: API_KEY });
    t = await startTestApp({ env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: api.baseUrl, OPENAI_TIMEOUT_MS: '3000' } });
  });
  afterAll(async () => {
    await t?.stop();
    await api?.close();
  });

  it('blocks the lie twice, sends the safe answer from the policy, and records the model was asked', async () => {
    const lie = { text: '退货请在15个工作日内申请，我们保证当天退款。', lang: 'zh', clauseIds: ['3.2.1'], figures: [{ value: 15, unit: 'working_days', quote: '15个工作日' }], needsPerson: false };
    api.reply({ json: lie }, { json: lie });
    const answered = await t.send('lie-1', '退货要在几天内申请？');
    const consultCalls = api.calls.filter((c) => c.body.response_format?.json_schema?.name === 'consult_answer');
    expect(consultCalls).toHaveLength(2);
    expect(texts(answered.replies)).not.toMatch(/15|当天|保证/);
    expect(texts(answered.replies)).toContain('7个工作日');
    expect(texts(answered.replies)).toContain('依据：第3.2.1条');
    const row = await t.app.prisma.consultationAnswer.findFirstOrThrow({ where: { question: '退货要在几天内申请？' } });
    expect(row).toMatchObject({ source: 'safe', verdict: 'pass', needsPerson: true });
  });
});
