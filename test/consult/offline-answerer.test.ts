import { describe, expect, it } from 'vitest';
import { createConsultService } from '../../src/consult/consult-service.ts';
import { confidentFaq, notSureAnswer, offlineAnswer, safeAnswer } from '../../src/consult/offline-answerer.ts';
import type { AnswerCheckContext, AnswerLang } from '../../src/domain/answers/answer.ts';
import { checkAnswer } from '../../src/domain/answers/checker/index.ts';
import { defaultPolicy } from '../../src/domain/policy/default-policy.ts';
import { defaultClauses, defaultFaq, defaultPolicyJson } from '../../src/domain/policy/defaults.ts';
import { parsePolicy } from '../../src/domain/policy/parse-policy.ts';
import { createLogger } from '../../src/log.ts';

const service = createConsultService({ policy: defaultPolicy, clauses: defaultClauses, faq: defaultFaq, log: createLogger('silent') });
const deps = { policy: defaultPolicy, clauses: defaultClauses };
const ctxFor = (question: string, lang: AnswerLang, topic?: string): AnswerCheckContext => ({ question, questionLang: lang, ...(topic ? { topic } : {}), merchant: { caseNumbers: [], orderNumbers: [] }, allowedLinks: [] });

// [question, lang, words the answer must contain, clauses it must cite]: the two questions of issue #16's
// "done when", and twenty more common ones, in both languages.
const COMMON: Array<[string, AnswerLang, string[], string[]]> = [
  ['退货要在几天内申请？', 'zh', ['7个工作日'], ['3.2.1']],
  ['How long until I get my refund?', 'en', ['3 working days', 'after the returned goods arrive'], ['3.2.4']],
  ['换货要在几天内申请？', 'zh', ['7个工作日'], ['3.2.1']],
  ['Is there a deadline for exchanges?', 'en', ['7 working days'], ['3.2.1']],
  ['退货申请多久审核', 'zh', ['2个工作日', '审核通过'], ['3.2.2']],
  ['How long does the review of my return request take?', 'en', ['2 working days', 'reasonable explanation'], ['3.2.2']],
  ['退款几天到账', 'zh', ['3个工作日', '收到您寄回的商品后'], ['3.2.4']],
  ['质量问题多久联系我', 'zh', ['2个工作日'], ['3.1.2']],
  ['How soon will you contact me about a quality problem?', 'en', ['2 working days'], ['3.1.2']],
  ['发现质量问题怎么办', 'zh', ['质量问题', '照片', '2个工作日'], ['3.1.1', '3.1.2']],
  ['How do I report a quality problem?', 'en', ['Quality problem', 'photos', '2 working days'], ['3.1.1', '3.1.2']],
  ['退货寄到哪里', 'zh', ['工作人员会告诉您寄回地址'], ['3.2.3']],
  ['Where do I send the goods back?', 'en', ['they give you the return address'], ['3.2.3']],
  ['怎么投诉', 'zh', ['投诉'], ['4.3.2']],
  ['Who handles complaints?', 'en', ['managers', 'never to the staff member'], ['4.3.2']],
  ['需要提供什么材料', 'zh', ['订单号', '照片'], ['4.4.2', '3.1.1']],
  ['What evidence do I need to send?', 'en', ['order number', 'photos'], ['4.4.2', '3.1.1']],
  ['退货和换货有什么区别', 'zh', ['退款', '换一件', '7个工作日', '3个工作日'], ['3.2.1', '3.2.4']],
  ['What is the difference between a return and an exchange?', 'en', ['refund', '7 working days', '3 working days'], ['3.2.1', '3.2.4']],
  ['超过期限还能退货吗', 'zh', ['不会被自动拒绝', '工作人员'], ['3.2.1']],
  ['I missed the return window, can I still return?', 'en', ['not refused automatically', 'staff decides'], ['3.2.1']],
  ['How long does an exchange take?', 'en', ['3 working days'], ['3.2.4']],
];

describe('offline answers to the common questions', () => {
  it.each(COMMON)('%s', async (question, lang, words, clauses) => {
    const result = await service.ask(question, lang);
    expect(result.answer.source).toBe('offline');
    expect(result.answer.lang).toBe(lang);
    for (const word of words) expect(result.answer.text).toContain(word);
    expect(result.answer.clauseIds).toEqual(clauses);
    expect(result.answer.needsPerson).toBe(false);
    // The real rule checker passes it, and passed it first time (no fallback was needed).
    expect(result.check).toEqual({ verdict: 'pass', violations: [] });
    expect(result.steps).toEqual([{ source: 'offline', outcome: 'pass', violations: [] }]);
    expect(result.modelCalls).toBe(0);
    // Every figure it states is declared, verbatim.
    for (const figure of result.answer.figures) expect(result.answer.text).toContain(figure.quote);
  });

  it('answers who pays return shipping honestly: the contract does not say, a person will answer', async () => {
    const zh = await service.ask('退货运费谁出', 'zh');
    expect(zh.answer.text).toContain('合同没有规定');
    expect(zh.answer.needsPerson).toBe(true);
    expect(zh.check.verdict).toBe('pass');
    const en = await service.ask('Who pays the return shipping?', 'en');
    expect(en.answer.text).toContain('The contract does not say');
    expect(en.answer.needsPerson).toBe(true);
  });

  it('gives every FAQ answer, asked with every variant, in both languages, a pass from the checker', async () => {
    let asked = 0;
    for (const entry of defaultFaq) {
      for (const lang of ['zh', 'en'] as const) {
        for (const question of entry.questions[lang]) {
          const result = await service.ask(question, lang);
          expect(result.answer.source, question).toBe('offline');
          expect(result.steps[0], question).toEqual({ source: 'offline', outcome: 'pass', violations: [] });
          asked += 1;
        }
      }
    }
    expect(asked).toBeGreaterThan(200);
  });

  it('takes its figures from the policy in force (an operator override changes the answer)', async () => {
    const policy = parsePolicy(defaultPolicyJson, { deadlines: { returnReview: { workingDays: 4 } } });
    const overridden = createConsultService({ policy, clauses: defaultClauses, faq: defaultFaq, log: createLogger('silent') });
    const result = await overridden.ask('退货申请多久审核', 'zh');
    expect(result.answer.text).toContain('4个工作日');
    expect(result.answer.figures).toEqual([{ value: 4, unit: 'working_days', quote: '4个工作日' }]);
    expect(result.check.verdict).toBe('pass');
  });

  it('with no trusted FAQ entry says it is not sure and offers a person, which the checker passes', async () => {
    for (const [question, lang] of [['今天天气怎么样', 'zh'], ['what is the capital of France', 'en']] as const) {
      const result = await service.ask(question, lang);
      expect(confidentFaq(result.retrieval)).toBeUndefined();
      expect(result.answer).toEqual(notSureAnswer(lang));
      expect(result.answer.needsPerson).toBe(true);
      expect(result.check.verdict).toBe('pass');
    }
  });

  it('the safe answer (after blocked model answers) is the policy text with a person offered, and passes the checker', () => {
    const confident = service.retriever.retrieve('退货要在几天内申请？');
    const safe = safeAnswer(confident, 'zh', deps);
    expect(safe).toMatchObject({ source: 'safe', needsPerson: true, clauseIds: ['3.2.1'] });
    expect(safe.text).toContain('7个工作日');
    expect(safe.text).toContain('工作人员会回复您');
    expect(checkAnswer(safe, ctxFor('退货要在几天内申请？', 'zh', confident.topic), defaultPolicy, defaultClauses).verdict).toBe('pass');
    // Without a confident FAQ entry: the best clause quoted as it stands.
    const vague = { ...confident, faq: undefined };
    const quoted = safeAnswer(vague, 'en', deps);
    expect(quoted.text).toContain('Clause 3.2.1 of the contract says: "If Party B needs to return or exchange a product after receiving it, Party B shall contact Party A within 7 working days."');
    expect(quoted.figures).toEqual([{ value: 7, unit: 'working_days', quote: '7 working days' }]);
    expect(checkAnswer(quoted, ctxFor('How many days do I have to return?', 'en', 'request_window'), defaultPolicy, defaultClauses).verdict).toBe('pass');
    expect(offlineAnswer(vague, 'en', deps)).toEqual(notSureAnswer('en'));
  });
});
