import { afterAll, beforeAll, describe, it } from 'vitest';
import { startPlatforms, waitFor, type MerchantLang, type PlatformName, type Platforms } from '../support/platform-drivers.ts';
import { answers, card, confirm, deskCount, HAN, matching, says, step, stepsOn, told } from '../support/platform-steps.ts';

// Handoff to a person and back (3.3.3, 6.2.2) and complaints (4.3.2), on Slack and on Telegram, for
// a merchant writing Chinese and one writing English, through each platform's fake API.

interface Script {
  handoff: {
    before: Array<readonly [string, string]>;
    ask: readonly [string, string];
    joined: string;
    meanwhile: string;
    staffReply: string;
    relayed: string;
    back: string;
    after: Array<readonly [string, string]>;
    kept: string[];
  };
  complaint: {
    steps: Array<readonly [string, string]>;
    accused: string;
    note: string;
    notices: { review: string; resolved: string };
  };
}

const SCRIPTS: Record<MerchantLang, Script> = {
  zh: {
    handoff: {
      before: [
        ['我要退货', '请提供订单号'],
        ['订单号 2026112055555', '是哪件商品'],
      ],
      ask: ['转人工', '已为您转接人工客服'],
      joined: '人工客服 ',
      meanwhile: '杯子是碎的，能不能直接退款？',
      staffReply: '可以的，我先帮您把退货登记完',
      relayed: '客服：可以的，我先帮您把退货登记完',
      back: '人工客服已结束',
      after: [
        // Thanking the person is not the answer to the draft's question: the bot asks it again.
        ['好的，谢谢', '是哪件商品'],
        ['白色马克杯', '涉及几件'],
        ['1个', '哪天收到货'],
        ['昨天', '退货原因'],
        // Broken goods: photos are asked for before the summary.
        ['碎了', '请发送问题照片'],
        ['没有照片', '请核对您的退货申请'],
      ],
      kept: ['2026112055555', '白色马克杯', '碎了'],
    },
    complaint: {
      steps: [
        // The first message names the staff member and says what happened: the summary follows at once.
        ['我要投诉你们客服小王，态度太差了', '请核对您的投诉'],
      ],
      accused: '小王',
      note: '已与当事客服核实并处理，向您致歉',
      notices: { review: '已由经理受理', resolved: '处理说明：已与当事客服核实并处理' },
    },
  },
  en: {
    handoff: {
      before: [
        // The first message gives the order number: the item is asked next.
        ['hi, I want to return order 88855555', 'Which item'],
      ],
      ask: ['talk to a human', 'being put through to our service team'],
      joined: 'from our service team has joined',
      meanwhile: 'the mug is smashed, can I just get a refund?',
      staffReply: "Sure, let's finish the return first",
      relayed: "Service team: Sure, let's finish the return first",
      back: 'handed you back to the bot',
      after: [
        ['ok thanks 👍', 'Which item'],
        ['blue ceramic mug', 'How many'],
        ['1', 'When did you receive'],
        ['yesterday', 'to return it'],
        ['smashed in the box', 'send photos'],
        ['no photos', 'check your return request'],
      ],
      kept: ['88855555', 'blue ceramic mug', 'smashed in the box'],
    },
    complaint: {
      steps: [
        // The first message names the staff member and says what happened: the summary follows at once.
        ['I want to complain about your staff member Tom, he was really rude to me', 'check your complaint'],
      ],
      accused: 'Tom',
      note: 'We spoke with the colleague concerned and apologise',
      notices: { review: 'A manager has taken up your complaint', resolved: 'Note: We spoke with the colleague concerned' },
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

describe.concurrent.each<PlatformName>(['slack', 'telegram'])('%s: handoff to a person, and complaints', (platform) => {
  describe.each<MerchantLang>(['zh', 'en'])('merchant writing %s', (lang) => {
    const script = SCRIPTS[lang];

    it('asks for a person mid-draft: staff take the chat, words go both ways, the bot stays quiet, hand back, the draft goes on', async ({ expect }) => {
      const d = platforms.drivers[platform];
      const h = script.handoff;
      const m = d.merchant(lang);
      await answers(m, h.before);
      await says(m, ...h.ask);
      const chatId = await m.chatId();

      // Staff get a handoff card with what the merchant wrote, and buttons to take over and hand back.
      const handoff = await waitFor(() => d.desk('staff').find((msg) => msg.buttons.some((b) => b.id === `desk:takeover:${chatId}`)), 'the handoff card');
      expect(handoff.text).toContain(h.before[0]![0]);
      expect(handoff.buttons.map((b) => b.id)).toEqual([`desk:takeover:${chatId}`, `desk:handback:${chatId}`]);
      await d.deskPress('staff', handoff, handoff.buttons[0]!);
      await told(m, h.joined);

      // The merchant's words go to the desk under the card, once; the bot says nothing.
      const quietFrom = m.messages().length;
      await m.send(h.meanwhile);
      // (Every staff desk sees every handoff, so the other platform's merchant may have written the same words: look under this card.)
      const underCard = () => d.desk('staff').filter((msg) => msg.under === handoff.ref && msg.text.includes(h.meanwhile));
      const relayed = await waitFor(() => underCard()[0], 'the merchant message under the handoff card');
      // Staff answer the merchant's message where they see it (Telegram: a reply to it; Slack: in the card's thread): it reaches the merchant.
      await d.deskReply('staff', relayed, h.staffReply);
      await told(m, h.relayed);
      await d.settled({ chatId });
      expect(m.messages().slice(quietFrom).map((msg) => msg.text)).toEqual([expect.stringContaining(h.relayed)]);
      expect(underCard()).toHaveLength(1);

      // Hand back: the merchant is told, and the return goes on at the question it was waiting for.
      await d.deskPress('staff', handoff, handoff.buttons[1]!);
      await told(m, h.back);
      const summary = await answers(m, h.after);
      for (const kept of h.kept) expect(summary.text).toContain(kept);
      // What the merchant wrote to the person was not taken as an answer to the draft.
      expect(summary.text).not.toContain(h.meanwhile);
      await d.settled({ chatId });
      for (const once of [h.ask[1], h.joined, h.relayed, h.back]) expect(matching(m, once), once).toHaveLength(1);
      if (lang === 'en') expect(m.messages().filter((msg) => HAN.test(msg.text)).map((msg) => msg.text)).toEqual([]);
    });

    it('a complaint about a named staff member reaches the managers only; a manager handles it and the merchant is told', async ({ expect }) => {
      const d = platforms.drivers[platform];
      const c = script.complaint;
      const m = d.merchant(lang);
      const summary = await answers(m, c.steps);
      const number = await confirm(m, summary, /CP-\d{8}-\d{4}/);

      const managerCard = await card(d, 'manager', number);
      expect(managerCard.text).toContain(c.accused);
      expect(stepsOn(managerCard)).toContain('startReview');
      await step(d, 'manager', number, `desk:startReview:${number}`);
      await told(m, c.notices.review);
      // Resolving needs a note for the merchant (Slack modal, Telegram reply).
      const resolved = await step(d, 'manager', number, `desk:resolve:${number}`, { note: c.note });
      expect(stepsOn(resolved)).not.toContain('resolve');
      await told(m, c.notices.resolved);

      // Nothing about the complaint ever reached a staff chat, on either platform (4.3.2).
      await d.settled({ chatId: await m.chatId(), caseNumber: number });
      for (const each of Object.values(platforms.drivers)) {
        expect(deskCount(each, 'staff', number)).toBe(0);
        expect(deskCount(each, 'staff', c.steps.at(-1)![0])).toBe(0);
      }
      expect((await d.t.app.prisma.case.findUniqueOrThrow({ where: { number } })).status).toBe('resolved');
      for (const notice of Object.values(c.notices)) expect(matching(m, notice), notice).toHaveLength(1);
      if (lang === 'en') expect(m.messages().filter((msg) => HAN.test(msg.text)).map((msg) => msg.text)).toEqual([]);
    });
  });
});
