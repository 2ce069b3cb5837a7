import { afterAll, beforeAll, describe, it } from 'vitest';
import { startPlatforms, waitFor, type MerchantLang, type PlatformName, type Platforms } from '../support/platform-drivers.ts';
import { answers, card, confirm, deskCount, HAN, matching, says, step, stepsOn, told } from '../support/platform-steps.ts';

// A return to refund and a quality report to its remedy, on Slack and on Telegram, for a merchant
// writing Chinese and one writing English: the whole bot against each platform's fake API, driven
// only through signed webhooks as the platform would send them. The merchant must hear every staff
// step once, in their own language (3.1.2, 3.1.4, 3.2.2–3.2.4); the staff card must offer exactly
// the steps the case allows now.

interface Script {
  ret: {
    steps: Array<readonly [string, string]>;
    address: string;
    staffNote: string;
    tracking: readonly [string, string];
    notices: { claimed: RegExp; approved: string; address: string; staffNote: string; received: string; refunded: string };
  };
  exchange: {
    steps: Array<readonly [string, string]>;
    reason: string;
    refused: string;
  };
  quality: {
    steps: Array<readonly [string, string]>;
    remedy: 'replace' | 'refund';
    notices: { contacted: string; resolved: string };
  };
}

const SCRIPTS: Record<MerchantLang, Script> = {
  zh: {
    ret: {
      steps: [
        // The first message names the item: the order number and the quantity are asked, not the item.
        ['你好，我要退货，杯子收到就是坏的', '请提供订单号'],
        ['订单号 2026112012345', '涉及几件'],
        ['1个', '哪天收到货'],
        // "收到就是坏的" is the reason, kept from the first message; a broken cup is a defect, so photos are asked
        // for before the summary.
        ['前天', '请发送问题照片'],
        ['没有照片', '请核对您的退货申请'],
      ],
      address: '上海市浦东新区张江路88号 售后仓 王师傅 021-55551234',
      staffNote: '包装盒请一起寄回哦',
      tracking: ['已经寄出了，顺丰 SF1234567890123', '已记下'],
      notices: { claimed: /^客服 .+ 已接手您的退货 RT-/, approved: '已通过审核', address: '请将商品寄回以下地址', staffNote: '：包装盒请一起寄回哦', received: '已收到您寄回的商品', refunded: '已完成退款' },
    },
    quality: {
      steps: [
        // The first message gives the item, the kind of problem and its description.
        ['我买的保温杯坏了，盖子拧不紧', '请提供订单号'],
        ['JD2026112008151', '涉及几件'],
        ['两个', '请发送问题照片'],
        ['没有照片', '您希望如何处理'],
        ['给我换一个新的吧', '请核对您的质量问题报告'],
      ],
      remedy: 'replace',
      notices: { contacted: '客服已受理您的质量问题', resolved: '已处理：为您更换' },
    },
    exchange: {
      steps: [
        // The first message names the item.
        ['鞋子买小了，想换货', '请提供订单号'],
        ['TB8826611903', '涉及几件'],
        ['一双', '哪天收到货'],
        // "鞋子买小了" is the reason, kept from the first message: the summary follows the date.
        ['11月20日', '请核对您的换货申请'],
      ],
      reason: '商品已穿着下地，影响二次销售，不符合换货条件',
      refused: '未通过审核。原因：商品已穿着下地，影响二次销售，不符合换货条件',
    },
  },
  en: {
    ret: {
      steps: [
        // The first message gives the order number: the item is asked next.
        ['hi, I want to return order 88812345', 'Which item'],
        ['the blue ceramic mug', 'How many'],
        ['1', 'When did you receive'],
        ['2 days ago', 'to return it'],
        // A crack is damage: photos are asked for before the summary.
        ["it arrived with a crack, don't want it anymore", 'send photos'],
        ['no photos', 'check your return request'],
      ],
      address: 'Returns desk, 88 Zhangjiang Rd, Pudong, Shanghai',
      staffNote: 'Please send the box too',
      tracking: ['sent it back today, tracking number SF1234567890123', 'is recorded'],
      notices: { claimed: /from our service team has taken your return RT-/, approved: 'has been approved', address: 'Please send the goods to this address', staffNote: ': Please send the box too', received: 'We have received the goods', refunded: 'The refund for' },
    },
    quality: {
      steps: [
        // The first message gives the item, the kind of problem and its description.
        ['my kettle arrived broken', 'order number'],
        ['order JD2026112008152', 'How many'],
        ['one', 'send photos'],
        ['no photos', 'How would you like it resolved'],
        ['a replacement please', 'check your quality report'],
      ],
      remedy: 'refund',
      notices: { contacted: 'has taken up your quality', resolved: 'resolved with a refund' },
    },
    exchange: {
      steps: [
        // The first message gives the reason: once the receipt date is in, the summary follows.
        ["the trainers are too small, I'd like to exchange them", 'order number'],
        ['TB8826611904', 'Which item'],
        ['white trainers size 42', 'How many'],
        ['1', 'When did you receive'],
        ['Nov 20', 'check your exchange request'],
      ],
      reason: 'The shoes were worn outdoors, so they cannot be exchanged',
      refused: 'was not approved. Reason: The shoes were worn outdoors, so they cannot be exchanged',
    },
  },
};

// One bot with both platforms on; every platform × language runs at once (each with its own
// merchants and cases), so the file takes about one flow's time rather than the sum of twelve.
let platforms: Platforms;
beforeAll(async () => {
  platforms = await startPlatforms();
});
afterAll(async () => {
  await platforms?.close();
});

describe.concurrent.each<PlatformName>(['slack', 'telegram'])('%s: cases from the merchant chat to the staff desk and back', (platform) => {
  describe.each<MerchantLang>(['zh', 'en'])('merchant writing %s', (lang) => {
    const script = SCRIPTS[lang];

    it('a return: approval with the return address, the tracking number on the case, goods received, refunded, the merchant told each step', async ({ expect }) => {
      const d = platforms.drivers[platform];
      const m = d.merchant(lang);
      const summary = await answers(m, script.ret.steps);
      const number = await confirm(m, summary, /RT-\d{8}-\d{4}/);

      // The card reaches the staff desk with the steps a new return allows (3.2.2), and no manager sees it.
      const opened = await card(d, 'staff', number);
      expect(stepsOn(opened)).toEqual(['claim', 'approve', 'reject']);

      const n = script.ret.notices;
      // Claiming tells the merchant who has the case; the card then offers the review steps only.
      expect(stepsOn(await step(d, 'staff', number, `desk:claim:${number}`))).toEqual(['approve', 'reject']);
      await told(m, n.claimed);
      expect(stepsOn(await step(d, 'staff', number, `desk:approve:${number}`))).toEqual(['giveReturnAddress']);
      await told(m, n.approved);
      // The return address is typed into the platform's form (Slack modal, Telegram reply) and reaches the merchant (3.2.3).
      const awaiting = await step(d, 'staff', number, `desk:giveReturnAddress:${number}`, { address: script.ret.address });
      expect(stepsOn(awaiting)).toEqual(['markShipped', 'markGoodsReceived']);
      expect((await told(m, n.address)).text).toContain(script.ret.address);

      // A staff reply under the card reaches the merchant.
      await d.deskReply('staff', opened, script.ret.staffNote);
      await told(m, n.staffNote);

      // The merchant ships the goods and sends the waybill number: it goes on the case and on the card.
      await says(m, script.ret.tracking[0], script.ret.tracking[1]);
      const shipped = await card(d, 'staff', number, (c) => c.text.includes('SF1234567890123'));
      expect(stepsOn(shipped)).toEqual(['markGoodsReceived']);

      expect(stepsOn(await step(d, 'staff', number, `desk:markGoodsReceived:${number}`))).toEqual(['refund']);
      await told(m, n.received);
      const refunded = await step(d, 'staff', number, `desk:refund:${number}`);
      expect(stepsOn(refunded)).toEqual(['close']);
      await told(m, n.refunded);

      const stored = await d.t.app.prisma.case.findUniqueOrThrow({ where: { number }, include: { events: { orderBy: { id: 'asc' } } } });
      expect(stored.status).toBe('refunded');
      expect(stored.returnAddress).toBe(script.ret.address);
      expect(stored.trackingNumber).toBe('SF1234567890123');
      expect(stored.events.map((e) => e.kind)).toEqual(['open', 'claim', 'approve', 'giveReturnAddress', 'staff_message', 'markShipped', 'markGoodsReceived', 'refund']);

      // Each step was said once, in the merchant's language; complaints' managers never saw this case.
      await d.settled({ chatId: await m.chatId(), caseNumber: number });
      for (const notice of Object.values(n)) expect(matching(m, notice), String(notice)).toHaveLength(1);
      if (lang === 'en') expect(m.messages().filter((msg) => HAN.test(msg.text)).map((msg) => msg.text)).toEqual([]);
      else expect(matching(m, /has been approved|refund for/)).toEqual([]);
      expect(deskCount(d, 'manager', number)).toBe(0);
    });

    it('a quality report: contact made, then resolved with a remedy, the merchant told the result', async ({ expect }) => {
      const d = platforms.drivers[platform];
      const m = d.merchant(lang);
      const summary = await answers(m, script.quality.steps);
      const number = await confirm(m, summary, /QP-\d{8}-\d{4}/);

      const reported = await card(d, 'staff', number);
      expect(stepsOn(reported)).toEqual(['claim', 'contact']);
      // 3.1.2: the first contact; then the remedy is chosen on the card (one button per remedy, 3.1.3).
      const contacted = await step(d, 'staff', number, `desk:contact:${number}`);
      expect(stepsOn(contacted)).toEqual(expect.arrayContaining(['startProcessing', 'resolve:replace', 'resolve:repair', 'resolve:refund']));
      await told(m, script.quality.notices.contacted);
      const resolved = await step(d, 'staff', number, `desk:resolve:${number}:${script.quality.remedy}`);
      expect(stepsOn(resolved).filter((s) => s.startsWith('resolve'))).toEqual([]);
      await told(m, script.quality.notices.resolved);

      const stored = await d.t.app.prisma.case.findUniqueOrThrow({ where: { number } });
      expect(stored.status).toBe('resolved');
      expect(stored.remedy).toBe(script.quality.remedy);
      await d.settled({ chatId: await m.chatId(), caseNumber: number });
      for (const notice of Object.values(script.quality.notices)) expect(matching(m, notice), notice).toHaveLength(1);
      if (lang === 'en') expect(m.messages().filter((msg) => HAN.test(msg.text)).map((msg) => msg.text)).toEqual([]);
      expect(deskCount(d, 'manager', number)).toBe(0);
    });

    it('an exchange refused with the reason typed into the platform form: the merchant is told why, in their language', async ({ expect }) => {
      const d = platforms.drivers[platform];
      const m = d.merchant(lang);
      const summary = await answers(m, script.exchange.steps);
      const number = await confirm(m, summary, /EX-\d{8}-\d{4}/);
      expect(stepsOn(await card(d, 'staff', number))).toEqual(['claim', 'approve', 'reject']);
      const rejected = await step(d, 'staff', number, `desk:reject:${number}`, { reason: script.exchange.reason });
      expect(stepsOn(rejected)).toEqual(['claim', 'close']);
      expect(rejected.text).toContain(script.exchange.reason);
      await told(m, script.exchange.refused);

      const stored = await d.t.app.prisma.case.findUniqueOrThrow({ where: { number } });
      expect(stored.status).toBe('rejected');
      expect(stored.rejectReason).toBe(script.exchange.reason);
      await d.settled({ chatId: await m.chatId(), caseNumber: number });
      expect(matching(m, script.exchange.refused)).toHaveLength(1);
      if (lang === 'en') expect(m.messages().filter((msg) => HAN.test(msg.text)).map((msg) => msg.text)).toEqual([]);
    });
  });
});

// Telegram has no modals: a step's text is asked in the group and answered by replying to the question.
// Two questions open at once, and a word to colleagues meanwhile, must each land on their own case.
describe.concurrent('telegram: the group questions for a step answer their own case only', () => {
  it('an address and a refusal reason asked at once, answered out of order', async ({ expect }) => {
    const d = platforms.drivers.telegram;
    const open = async () => {
      const m = d.merchant('zh');
      return { m, number: await confirm(m, await answers(m, SCRIPTS.zh.ret.steps), /RT-\d{8}-\d{4}/) };
    };
    const [a, b] = await Promise.all([open(), open()]);
    await step(d, 'staff', a.number, `desk:approve:${a.number}`);
    const cardA = await card(d, 'staff', a.number, (c) => c.buttons.some((x) => x.id === `desk:giveReturnAddress:${a.number}`));
    const cardB = await card(d, 'staff', b.number, (c) => c.buttons.some((x) => x.id === `desk:reject:${b.number}`));
    const asked = (n: string) => waitFor(() => d.desk('staff').find((msg) => msg.text.includes('请回复本条消息') && msg.text.includes(n)), `the question for ${n}`);
    await d.deskPress('staff', cardA, cardA.buttons.find((x) => x.id === `desk:giveReturnAddress:${a.number}`)!);
    const askA = await asked(a.number);
    await d.deskPress('staff', cardB, cardB.buttons.find((x) => x.id === `desk:reject:${b.number}`)!);
    const askB = await asked(b.number);
    // A word under case A's card is a message to A's merchant, not an answer to either question.
    await d.deskReply('staff', cardA, '稍等，我确认一下仓库地址');
    await told(a.m, '稍等，我确认一下仓库地址');
    await d.deskReply('staff', askA, SCRIPTS.zh.ret.address);
    await told(a.m, SCRIPTS.zh.ret.address);
    await d.deskReply('staff', askB, '超过七天无理由退货期限');
    await told(b.m, '原因：超过七天无理由退货期限');
    const [storedA, storedB] = await Promise.all([a.number, b.number].map((number) => d.t.app.prisma.case.findUniqueOrThrow({ where: { number } })));
    expect([storedA!.status, storedA!.returnAddress, storedA!.rejectReason]).toEqual(['awaiting_goods', SCRIPTS.zh.ret.address, null]);
    expect([storedB!.status, storedB!.returnAddress, storedB!.rejectReason]).toEqual(['rejected', null, '超过七天无理由退货期限']);
  });
});
