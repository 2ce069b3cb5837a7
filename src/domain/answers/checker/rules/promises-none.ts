import { sentencesOf, negatedAt } from '../text.ts';
import type { AnswerRule } from '../rule.ts';

// Each kind of promise the policy never makes, with the words that make it.
const PROMISES: Array<[string, RegExp]> = [
  ['compensation', /赔偿|补偿|赔付|赔钱|优惠券|代金券|折扣券|红包|返现|打个?[一二三四五六七八九\d]折|折扣|免单|减免|运费由我们|我们(?:来)?(?:承担|出)运费|包邮|compensat|reimburs|voucher|coupon|discount|store credit|credit (?:\$|¥)?\d|goodwill|waive|free of charge|(?:it's|it is|is|are) on us\b|(?:we|we'll|we will) (?:cover|pay for) (?:the |your )?(?:return )?(?:shipping|postage)/i],
  ['an amount of money', /[¥￥$]\s?\d|\d\s?(?:元|块钱)|\b\d+(?:\.\d+)?\s?(?:yuan|rmb|dollars?|usd)\b/i],
  ['a guarantee', /保证|担保|包您|包退|包赔|一定(?:会|能|可以|给|帮|为|通过|批|没问题)|肯定(?:会|能|可以|没问题|到账|通过)|百分之百|绝对(?:会|能|可以)|承诺|guarantee|definitely|we promise|i promise|certainly will|100% sure|for sure/i],
  ['a time the policy does not set ("today", "immediately")', /(?:今天|今日|当天|马上|立即|立刻|立马|现在就|right away|immediately|today|right now|instantly|same[- ]day|within the hour)/i],
  ['a legal conclusion', /违法|违约|起诉|诉讼|法院|律师|仲裁|消费者权益保护法|消协|三倍赔偿|illegal|unlawful|\bsue\b|lawsuit|\bcourts?\b|breach of contract|legal action|attorney|lawyer|(?:sue|claim|seek|pay|for) damages/i],
  ['an exception to the window', /(?:超过|超出|过了|逾期|过期)[^。；;!！?？]{0,14}(?:也|仍然?|还|照样)(?:可以|能|可|给|会)|破例|特殊处理|通融|不受[^。]{0,12}限制|没有期限|随时可以退|make an exception|(?:even (?:though|after|if|past|beyond))[^.;!?]{0,50}(?:passed|expired|over|late)|no (?:time )?limit/i],
  ['a step only staff take, claimed done', /(?:已经?|已为您|已帮您)(?:为您|帮您|给您)?(?:批准|审核通过|同意退|办理退款|完成退款|退款|安排换货|发放|跳过审核)|(?:退款|退货|换货|申请)[^。，,；]{0,3}(?:已|已经)(?:为您|帮您|给您)?(?:办理)?(?:发放|到账|完成|处理|批准|通过|审核通过)|审核通过了|\b(?:is|are|has been|have been|was) (?:now )?approved\b|(?:refund|return|request)[^.;!?]{0,30}(?:has been|was|is now|have been) (?:approved|issued|processed|completed|refunded|sent)|i(?:'ve| have) (?:approved|refunded|processed|issued)|i will process your refund|we will pay|full refund/i],
];

// "If it is approved…" describes a step, it does not claim it.
const CONDITIONAL = /(?:\b(?:if|whether|once|when|until|after|unless)\b(?:\s+[A-Za-z']+){0,3}\s*|如果|若|一旦|等到?)$/i;

// Polite instructions to the merchant ("请立即拍照") are not promises.
const ADDRESSED_TO_MERCHANT = /(?:请|请您|您|你|麻烦您?)\s*$|\b(?:please|you)\s+$/i;

/** promises.none: no compensation, amounts, guarantees, instant steps, legal conclusions, exceptions or approvals the policy does not give. */
export const promisesNone: AnswerRule = {
  id: 'promises.none',
  description: 'No promise the policy does not make: compensation, amounts of money, guarantees, "today"/"immediately" for a step, legal conclusions, exceptions to the return window, or a staff step claimed done.',
  check({ answer }) {
    const details: string[] = [];
    for (const sentence of sentencesOf(answer.text)) {
      for (const [kind, pattern] of PROMISES) {
        const match = pattern.exec(sentence.text);
        if (!match) continue;
        if (negatedAt(sentence.text, match.index)) continue;
        if (kind.startsWith('a time') && ADDRESSED_TO_MERCHANT.test(sentence.text.slice(0, match.index))) continue;
        if (kind.startsWith('a step') && CONDITIONAL.test(sentence.text.slice(0, match.index))) continue;
        details.push(`${kind}: "${match[0]}"`);
      }
    }
    return [...new Set(details)];
  },
};
