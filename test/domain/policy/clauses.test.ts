import { describe, expect, it } from 'vitest';
import { clauseById, clausesSchema, parseClauses } from '../../../src/domain/policy/clauses.ts';
import { defaultClauses, defaultClausesJson } from '../../../src/domain/policy/defaults.ts';
import { PolicyInvalidError } from '../../../src/domain/policy/policy-invalid-error.ts';
import { thrown } from '../../support/thrown.ts';

const EXPECTED_IDS = [
  '3.1.1', '3.1.2', '3.1.3', '3.1.4',
  '3.2.1', '3.2.2', '3.2.3', '3.2.4',
  '3.3.1', '3.3.2', '3.3.3',
  '4.1.1', '4.1.2', '4.2.1', '4.2.2', '4.3.1', '4.3.2', '4.4.1', '4.4.2',
  '6.2.1', '6.2.2', '6.2.3', '6.3.1', '6.3.2',
  '7.1.1', '7.1.2', '7.2.1', '7.2.2',
];

describe('contract clauses', () => {
  it('the bundled file validates and holds exactly the clauses the bot relies on', () => {
    expect(clausesSchema.safeParse(defaultClausesJson).success).toBe(true);
    expect(defaultClauses.map((clause) => clause.id)).toEqual(EXPECTED_IDS);
  });

  it('has unique ids', () => {
    const ids = defaultClauses.map((clause) => clause.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects a duplicate id, naming its position', () => {
    const [first] = defaultClauses;
    const error = thrown(() => parseClauses([first, first]));
    expect(error).toBeInstanceOf(PolicyInvalidError);
    expect(error).toMatchObject({ code: 'policy.invalid', field: 'clauses[1].id' });
  });

  it('rejects a chapter that disagrees with the id', () => {
    const clause = { ...defaultClauses[0], chapter: 4 };
    expect(thrown(() => parseClauses([clause]))).toMatchObject({ field: 'clauses[0].chapter' });
  });

  it('puts each clause in the chapter its id names', () => {
    for (const clause of defaultClauses) expect(clause.id.startsWith(`${clause.chapter}.`)).toBe(true);
  });

  it('marks only 7.2.2 as truncated, keeping the text that exists', () => {
    expect(defaultClauses.filter((clause) => clause.truncated).map((clause) => clause.id)).toEqual(['7.2.2']);
    expect(clauseById(defaultClauses, '7.2.2')?.text.zh).toBe('甲');
  });

  it('keeps the contract wording verbatim', () => {
    expect(clauseById(defaultClauses, '3.1.2')?.text.zh).toBe('甲方接到乙方反馈后,应在2个工作日内与乙方取得联系,了解具体情况。');
    expect(clauseById(defaultClauses, '4.3.2')?.text.zh).toBe('乙方有权对甲方售后服务过程中的违规行为提出投诉。');
    expect(clauseById(defaultClauses, '3.2.1')?.title).toEqual({
      zh: '商品退换货服务流程',
      en: 'Procedure for product returns and exchanges',
    });
  });

  it('tags the clauses retrieval and routing depend on', () => {
    expect(clauseById(defaultClauses, '4.3.2')?.tags).toContain('complaint');
    expect(clauseById(defaultClauses, '3.3.3')?.tags).toContain('followup');
    expect(clauseById(defaultClauses, '3.2.2')?.tags).toContain('deadline');
  });

  it('clauseById returns undefined for an unknown id', () => {
    expect(clauseById(defaultClauses, '9.9.9')).toBeUndefined();
  });
});
