import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { defaultClauses, defaultFaq, defaultFaqJson } from '../../../src/domain/policy/defaults.ts';
import { parseFaq, placeholdersOf, renderFaqAnswer } from '../../../src/domain/policy/faq.ts';
import { parsePolicy } from '../../../src/domain/policy/parse-policy.ts';
import { defaultPolicyJson } from '../../../src/domain/policy/defaults.ts';
import { PolicyInvalidError } from '../../../src/domain/policy/policy-invalid-error.ts';
import { thrown } from '../../support/thrown.ts';

const clone = (): Array<Record<string, unknown>> => structuredClone(defaultFaqJson) as Array<Record<string, unknown>>;
const byId = (id: string) => defaultFaq.find((e) => e.id === id)!;

function expectInvalid(json: unknown, field: string, words: RegExp): void {
  const error = thrown(() => parseFaq(json, defaultClauses));
  expect(error).toBeInstanceOf(PolicyInvalidError);
  expect(error).toMatchObject({ code: 'policy.invalid', field });
  expect((error as Error).message).toMatch(words);
}

describe('the bundled FAQ (policy/faq.json)', () => {
  it('has 25–40 entries, each with zh and en question variants, cited clauses and a topic that is one of their tags', () => {
    expect(defaultFaq.length).toBeGreaterThanOrEqual(25);
    expect(defaultFaq.length).toBeLessThanOrEqual(40);
    for (const entry of defaultFaq) {
      expect(entry.questions.zh.length + entry.questions.en.length, entry.id).toBeGreaterThanOrEqual(5);
      const tags = entry.clauseIds.flatMap((id) => defaultClauses.find((c) => c.id === id)!.tags);
      expect(tags, entry.id).toContain(entry.topic);
    }
  });

  it('covers the common questions of issue #16, and says honestly what the contract leaves open', () => {
    for (const id of ['return_window', 'review_time', 'refund_time', 'quality_contact_time', 'complaint_how', 'complaint_handling', 'return_address', 'report_quality', 'evidence', 'exchange_vs_return', 'late_request']) {
      expect(byId(id), id).toBeDefined();
    }
    const shipping = byId('shipping_cost');
    expect(shipping.needsPerson).toBe(true);
    expect(shipping.answer.zh).toContain('合同没有规定');
    expect(shipping.answer.en).toContain('The contract does not say');
    // 3.2.3: the address is the one staff give at approval, never one invented here.
    expect(byId('return_address').clauseIds).toEqual(['3.2.3']);
    // 3.2.1: a late request is flagged for staff, not refused.
    expect(byId('late_request').answer.zh).toContain('不会被自动拒绝');
  });

  it('takes every figure from the policy in force: placeholders in the templates, digits nowhere', () => {
    expect(placeholdersOf(byId('return_window').answer.zh)).toEqual(['returnRequestWindow']);
    expect(renderFaqAnswer(byId('return_window'), 'zh', defaultPolicy).text).toContain('7个工作日');
    expect(renderFaqAnswer(byId('refund_time'), 'en', defaultPolicy)).toMatchObject({ figures: [{ deadline: 'refundOrExchangeAfterGoodsReceived', value: 3, quote: '3 working days' }] });
    const longer = parsePolicy(defaultPolicyJson, { deadlines: { returnReview: { workingDays: 4 } } });
    expect(renderFaqAnswer(byId('review_time'), 'zh', longer).text).toContain('4个工作日');
    expect(renderFaqAnswer(byId('review_time'), 'en', longer).text).toContain('within 4 working days');
  });
});

describe('parseFaq refuses a broken FAQ file', () => {
  it('a digit written into a template instead of a placeholder', () => {
    const json = clone();
    (json[0]!.answer as Record<string, string>).zh = '请在7个工作日内申请。';
    expectInvalid(json, 'faq[0].answer.zh', /placeholder/);
  });

  it('a placeholder that names no policy deadline', () => {
    const json = clone();
    (json[0]!.answer as Record<string, string>).en = 'Within {returnWindowDays}.';
    expectInvalid(json, 'faq[0].answer.en', /returnWindowDays/);
  });

  it('a placeholder naming an internal service target merchants are never promised (complaint handling, 4.3.2)', () => {
    const json = clone();
    (json[0]!.answer as Record<string, string>).zh = '投诉会在{complaintHandling}内处理。';
    expectInvalid(json, 'faq[0].answer.zh', /complaintHandling/);
  });

  it('a cited clause that does not exist, a topic no cited clause has, a duplicate id, an unknown key', () => {
    const missing = clone();
    missing[0]!.clauseIds = ['9.9.9'];
    expectInvalid(missing, 'faq[0].clauseIds', /9\.9\.9/);
    const topic = clone();
    topic[0]!.topic = 'refund';
    expectInvalid(topic, 'faq[0].topic', /refund/);
    const duplicate = clone();
    duplicate[1]!.id = duplicate[0]!.id;
    expectInvalid(duplicate, 'faq[1].id', /duplicate/);
    const extra = clone();
    extra[0]!.answerEn = 'x';
    expectInvalid(extra, 'faq[0].answerEn', /unrecognized|Unrecognized/);
  });
});
