import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/contracts/conversation.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';

// 6.2.3 satisfaction survey on the real app over the console: a resolved case asks the merchant for a score in
// the resolving step's own transaction; the score is stored once with the assignee; a comment follows; a low
// score alerts the managers and opens a 3.3.3 follow-up linked to the rated case, in the rating's transaction.
describe('satisfaction survey (console)', () => {
  let t: TestApp;
  const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
  const buttons = (replies: Reply[]) => replies.flatMap((r) => r.buttons ?? []);
  const deskPress = async (actionId: string) => {
    const res = await fetch(`${t.url}/api/desk/staff/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actionId }) });
    expect(res.status, actionId).toBe(200);
  };
  const managerFeed = async () => ((await (await fetch(`${t.url}/api/desk/manager/feed`)).json()) as { messages: Array<{ text: string }> }).messages;
  const rating = (number: string) => t.app.prisma.satisfactionRating.findMany({ where: { case: { number } }, select: { score: true, staffId: true, comment: true } });
  // Rows written by one transaction carry its id in xmin.
  const xmin = async (sql: string, ...params: unknown[]) => (await t.app.prisma.$queryRawUnsafe<Array<{ x: string }>>(sql, ...params)).map((r) => r.x);
  const surveyOf = async (chat: string, number: string) => {
    const rows = (await t.messages(chat)) as Array<{ text: string; buttons?: Array<{ id: string; label: string }> | null }>;
    return rows.find((m) => (m.buttons ?? []).some((b) => b.id === `csat:1:${number}`));
  };

  /** A merchant reports a damaged item, staff claim, contact and resolve it with a replacement. */
  async function resolvedQualityCase(chat: string, lang: 'zh' | 'en'): Promise<string> {
    const script =
      lang === 'zh'
        ? ['我买的杯子坏了', '订单号：JD2026112008151', '保温杯', '两件', 'cat:damaged', '杯身有裂纹，倒水会漏', 'flow:skip', 'remedy:replace']
        : ['hi, the cup I ordered came broken', 'order no JD2026112008152', 'Travel mug', '2', 'cat:damaged', 'there is a crack in the side and it leaks', 'flow:skip', 'remedy:replace'];
    let last: Reply[] = [];
    for (const line of script) last = (/^(cat|flow|remedy):/.test(line) ? await t.press(chat, line) : await t.send(chat, line)).replies;
    const confirm = buttons(last).find((b) => b.id.startsWith('flow:confirm:'));
    expect(confirm, texts(last)).toBeDefined();
    const opened = texts((await t.press(chat, confirm!.id)).replies);
    const number = /QP-\d{8}-\d{4}/.exec(opened)?.[0];
    expect(number, opened).toBeDefined();
    await deskPress(`desk:claim:${number}`);
    await deskPress(`desk:contact:${number}`);
    await deskPress(`desk:resolve:${number}:replace`);
    return number!;
  }

  let zhCase: string;
  let enCase: string;
  beforeAll(async () => {
    t = await startTestApp();
    zhCase = await resolvedQualityCase('csat-zh', 'zh');
    enCase = await resolvedQualityCase('csat-en', 'en');
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('resolving a case writes the survey, five buttons in the merchant\'s language, in the resolving transaction', async () => {
    const survey = await surveyOf('csat-zh', zhCase);
    expect(survey?.text).toContain('欢迎直接回复留言');
    expect(survey?.buttons?.map((b) => b.id)).toEqual([1, 2, 3, 4, 5].map((s) => `csat:${s}:${zhCase}`));
    expect(survey?.buttons?.map((b) => b.label)).toEqual(['1 分', '2 分', '3 分', '4 分', '5 分']);
    const en = await surveyOf('csat-en', enCase);
    expect(en?.text).toMatch(/How satisfied are you .* a comment is welcome/s);
    // The survey row and the resolve event were committed by one transaction.
    const [event] = await xmin(`SELECT e.xmin::text AS x FROM "CaseEvent" e JOIN "Case" c ON c.id = e."caseId" WHERE c.number = $1 AND e.kind = 'resolve'`, zhCase);
    const rows = await xmin(`SELECT o.xmin::text AS x FROM "OutboundMessage" o JOIN "Case" c ON c.id = o."caseId" WHERE c.number = $1 AND o.buttons::text LIKE '%csat:%'`, zhCase);
    expect(rows).toEqual([event]);
  });

  it('4 is stored with the assignee; the comment is stored; a replayed or second button adds nothing', async () => {
    const chat = 'csat-zh';
    // The press as the console sends it, then the same event delivered again (a client retry): one rating, the same reply.
    const pressOnce = async () => {
      const res = await fetch(`${t.url}/api/console/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: chat, actionId: `csat:4:${zhCase}`, clientActionId: 'csat-zh-press-1' }) });
      return (await res.json()) as { replies: Reply[]; duplicate?: boolean };
    };
    const pressed = await pressOnce();
    expect(texts(pressed.replies)).toContain(`感谢您为 ${zhCase} 打出 4 分`);
    const replayed = await pressOnce();
    expect(replayed.duplicate).toBe(true);
    expect(texts(replayed.replies)).toBe(texts(pressed.replies));
    const assignee = await t.app.prisma.case.findUniqueOrThrow({ where: { number: zhCase }, select: { assigneeId: true } });
    expect(assignee.assigneeId).not.toBeNull();
    expect(await rating(zhCase)).toEqual([{ score: 4, staffId: assignee.assigneeId, comment: null }]);

    expect(texts((await t.send(chat, '师傅换货很快，就是客服回复有点慢')).replies)).toContain('已收到您的留言');
    expect(await rating(zhCase)).toEqual([{ score: 4, staffId: assignee.assigneeId, comment: '师傅换货很快，就是客服回复有点慢' }]);

    // Pressed again, and another score later: one rating, unchanged.
    expect(texts((await t.press(chat, `csat:4:${zhCase}`)).replies)).toContain('评价已经记录（4 分）');
    expect(texts((await t.press(chat, `csat:1:${zhCase}`)).replies)).toContain('评价已经记录（4 分）');
    expect(await rating(zhCase)).toHaveLength(1);
    // The staff card shows the score and the comment.
    const card = ((await (await fetch(`${t.url}/api/desk/staff/feed`)).json()) as { messages: Array<{ text: string }> }).messages.filter((m) => m.text.includes(zhCase)).at(-1);
    expect(card?.text).toContain('满意度: 4/5');
    expect(card?.text).toContain('商家评价留言: 师傅换货很快');
  });

  it('"好的" after the thanks is not a comment (zh), nor "nope, all good" (en)', async () => {
    const chat = 'csat-en';
    expect(texts((await t.press(chat, `csat:5:${enCase}`)).replies)).toContain(`Thank you for rating ${enCase} 5 out of 5`);
    expect(texts((await t.send(chat, 'nope, all good 👍')).replies)).toContain('thank you for your rating');
    expect(await rating(enCase)).toEqual([expect.objectContaining({ score: 5, comment: null })]);

    const zh = 'csat-zh-2';
    const number = await resolvedQualityCase(zh, 'zh');
    await t.press(zh, `csat:3:${number}`);
    expect(texts((await t.send(zh, '好的')).replies)).toContain('感谢您的评价');
    expect(await rating(number)).toEqual([expect.objectContaining({ score: 3, comment: null })]);
    // The chance to comment lasts one message: what comes later is an ordinary message.
    expect(await t.app.prisma.satisfactionRating.count({ where: { comment: '好的' } })).toBe(0);
  });

  it('1 alerts the managers and opens a follow-up linked to the rated case, in the rating\'s transaction', async () => {
    const chat = 'csat-low';
    const number = await resolvedQualityCase(chat, 'zh');
    const reply = texts((await t.press(chat, `csat:1:${number}`)).replies);
    const followup = /CF-\d{8}-\d{4}/.exec(reply)?.[0];
    expect(followup, reply).toBeDefined();
    expect(reply).toContain('很抱歉这次没有让您满意');
    const cf = await t.app.prisma.case.findUniqueOrThrow({ where: { number: followup! }, select: { type: true, details: true, merchantId: true } });
    expect(cf.type).toBe('consultation_followup');
    expect(cf.details).toMatchObject({ aboutCase: number });
    const alert = (await managerFeed()).find((m) => m.text.includes(number) && m.text.includes('满意度低分'));
    expect(alert?.text).toContain(`已开回访案件 ${followup}`);
    expect(alert?.text).toMatch(/被评 1\/5，处理人 Console operator（该处理人共 \d+ 条评分，平均 \d\.\d 分）/);
    const [ratingTx] = await xmin(`SELECT r.xmin::text AS x FROM "SatisfactionRating" r JOIN "Case" c ON c.id = r."caseId" WHERE c.number = $1`, number);
    expect(await xmin(`SELECT xmin::text AS x FROM "Case" WHERE number = $1`, followup)).toEqual([ratingTx]);
    expect(await xmin(`SELECT o.xmin::text AS x FROM "OutboundMessage" o JOIN "Chat" ch ON ch.id = o."chatId" JOIN "Case" c ON c.id = o."caseId" WHERE c.number = $1 AND ch.kind = 'manager'`, number)).toEqual([ratingTx]);

    // The comment on a low score reaches the managers too.
    await t.send(chat, '等了一个多星期才换，太慢了');
    await expect.poll(async () => (await managerFeed()).some((m) => m.text.includes('等了一个多星期才换')), { timeout: 10_000 }).toBe(true);
    expect(await rating(number)).toEqual([expect.objectContaining({ score: 1, comment: '等了一个多星期才换，太慢了' })]);
    // Pressed again: still one follow-up.
    await t.press(chat, `csat:2:${number}`);
    expect(await t.app.prisma.case.count({ where: { type: 'consultation_followup', details: { path: ['aboutCase'], equals: number } } })).toBe(1);
  });

  it('2 in English: the apology in English, the comment written the way merchants write is kept', async () => {
    const chat = 'csat-low-en';
    const number = await resolvedQualityCase(chat, 'en');
    const reply = texts((await t.press(chat, `csat:2:${number}`)).replies);
    expect(reply).toMatch(/sorry we let you down\. Follow-up CF-\d{8}-\d{4} is open/);
    expect(texts((await t.send(chat, 'tbh the replacement took almost 2 weeks and nobody told me anything')).replies)).toContain('your comment is recorded');
    expect(await rating(number)).toEqual([expect.objectContaining({ score: 2, comment: 'tbh the replacement took almost 2 weeks and nobody told me anything' })]);
  });

  it('the manager view lists satisfaction per staff member and the latest ratings', async () => {
    const res = await fetch(`${t.url}/api/desk/satisfaction`);
    expect(res.status).toBe(200);
    const board = (await res.json()) as { staff: Array<{ staff: string; ratings: number; average: number; low: number }>; recent: Array<{ number: string; score: number; comment: string | null; staff: string }> };
    const scores = (await t.app.prisma.satisfactionRating.findMany({ select: { score: true } })).map((r) => r.score);
    expect(board.staff).toEqual([
      { staffId: expect.any(String), staff: 'Console operator', ratings: scores.length, average: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100, low: scores.filter((x) => x <= 2).length },
    ]);
    expect(board.recent.find((r) => r.number === zhCase)).toMatchObject({ score: 4, comment: '师傅换货很快，就是客服回复有点慢', staff: 'Console operator' });
  });

  it("another merchant's case, or a case not resolved yet, cannot be rated", async () => {
    const other = 'csat-other';
    await t.send(other, '你好');
    expect(texts((await t.press(other, `csat:5:${enCase}`)).replies)).toContain('这个评价按钮已失效');
    expect(await t.app.prisma.satisfactionRating.count({ where: { case: { number: enCase } } })).toBe(1);
    expect(await rating(enCase)).toEqual([expect.objectContaining({ score: 5 })]);

    const script = ['我买的杯子坏了', '订单号：JD2026112008153', '保温杯', '两件'];
    for (const line of script) await t.send(other, line);
    await t.press(other, 'cat:damaged');
    await t.send(other, '杯盖裂了');
    await t.press(other, 'flow:skip');
    const summary = await t.press(other, 'remedy:repair');
    const opened = texts((await t.press(other, buttons(summary.replies).find((b) => b.id.startsWith('flow:confirm:'))!.id)).replies);
    const open = /QP-\d{8}-\d{4}/.exec(opened)![0];
    expect(texts((await t.press(other, `csat:5:${open}`)).replies)).toContain('这个评价按钮已失效');
    expect(await rating(open)).toEqual([]);
  });
});
