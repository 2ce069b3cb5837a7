import { describe, expect, it } from 'vitest';
import { clauseById } from '../../../src/domain/policy/clauses.ts';
import { deadlineRule } from '../../../src/domain/policy/deadline-rule.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { defaultClauses, defaultPolicyJson } from '../../../src/domain/policy/defaults.ts';
import { parsePolicy } from '../../../src/domain/policy/parse-policy.ts';
import { PolicyInvalidError } from '../../../src/domain/policy/policy-invalid-error.ts';
import type { DeadlineName } from '../../../src/domain/policy/policy-schema.ts';
import { DEADLINE_NAMES } from '../../../src/domain/policy/policy-schema.ts';
import { thrown } from '../../support/thrown.ts';

function expectInvalid(fn: () => unknown, field: string): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(PolicyInvalidError);
  expect(error).toMatchObject({ code: 'policy.invalid', field });
  expect((error as Error).message).toContain(field);
}

const clone = (): Record<string, unknown> => structuredClone(defaultPolicyJson) as Record<string, unknown>;

describe('parsePolicy on the bundled defaults', () => {
  it('parses', () => {
    const policy = parsePolicy(defaultPolicyJson);
    expect(policy).toEqual(defaultPolicy);
    expect(policy.version).not.toBe('');
  });

  it('has the contract numbers, each citing its clause', () => {
    const expected: Record<DeadlineName, [number, string, boolean]> = {
      qualityFirstContact: [2, '3.1.2', true],
      returnRequestWindow: [7, '3.2.1', true],
      returnReview: [2, '3.2.2', true],
      refundOrExchangeAfterGoodsReceived: [3, '3.2.4', true],
      consultationFollowUpContact: [2, '3.3.3', false],
      complaintHandling: [3, '4.3.2', false],
    };
    for (const name of DEADLINE_NAMES) {
      const [workingDays, clause, contractFixed] = expected[name];
      expect(deadlineRule(defaultPolicy, name)).toMatchObject({ name, workingDays, clause, contractFixed });
    }
    expect(defaultPolicy.deadlines.returnRequestWindow.anchor).toBe('goods_received');
  });

  it('cites only clauses that exist', () => {
    for (const name of DEADLINE_NAMES) {
      expect(clauseById(defaultClauses, deadlineRule(defaultPolicy, name).clause)).toBeDefined();
    }
    for (const rule of [defaultPolicy.qualityRemedies, defaultPolicy.complaints, defaultPolicy.merchantConfirmation, defaultPolicy.lateReturnRequests]) {
      expect(clauseById(defaultClauses, rule.clause)).toBeDefined();
    }
  });

  it('states the same numbers as the clause text it cites', () => {
    for (const name of ['qualityFirstContact', 'returnRequestWindow', 'returnReview', 'refundOrExchangeAfterGoodsReceived'] as const) {
      const rule = deadlineRule(defaultPolicy, name);
      const clause = clauseById(defaultClauses, rule.clause);
      expect(clause?.text.zh).toContain(`${rule.workingDays}个工作日`);
      expect(clause?.text.en).toContain(`${rule.workingDays} working days`);
    }
  });

  it('carries the non-numeric rules', () => {
    expect(defaultPolicy.qualityRemedies).toEqual({ allowed: ['replace', 'repair', 'refund', 'other'], clause: '3.1.3' });
    expect(defaultPolicy.complaints).toMatchObject({ routeTo: 'managers', excludeStaffConcerned: true, clause: '4.3.2' });
    expect(defaultPolicy.merchantConfirmation).toEqual({ required: true, clause: '4.4.2' });
    expect(defaultPolicy.lateReturnRequests.handling).toBe('flag_for_staff');
  });
});

describe('parsePolicy with an operator override', () => {
  it('changes a number and leaves the rest alone', () => {
    const before = structuredClone(defaultPolicyJson);
    const policy = parsePolicy(defaultPolicyJson, { deadlines: { returnReview: { workingDays: 1 } } });
    expect(policy.deadlines.returnReview).toEqual({ ...defaultPolicy.deadlines.returnReview, workingDays: 1 });
    expect(policy.deadlines.qualityFirstContact).toEqual(defaultPolicy.deadlines.qualityFirstContact);
    expect(defaultPolicyJson).toEqual(before);
  });

  it('accepts an empty override', () => {
    expect(parsePolicy(defaultPolicyJson, {})).toEqual(defaultPolicy);
  });

  it.each([
    ['zero days', { deadlines: { returnReview: { workingDays: 0 } } }, 'deadlines.returnReview.workingDays'],
    ['a fraction', { deadlines: { qualityFirstContact: { workingDays: 1.5 } } }, 'deadlines.qualityFirstContact.workingDays'],
    ['an absurd number', { deadlines: { returnRequestWindow: { workingDays: 700 } } }, 'deadlines.returnRequestWindow.workingDays'],
    ['a numeric string', { deadlines: { returnReview: { workingDays: '3' } } }, 'deadlines.returnReview.workingDays'],
    ['a new clause', { deadlines: { returnReview: { clause: '9.9.9' } } }, 'deadlines.returnReview.clause'],
    ['a boolean', { merchantConfirmation: { required: false } }, 'merchantConfirmation.required'],
    ['an array', { qualityRemedies: { allowed: ['refund'] } }, 'qualityRemedies.allowed'],
    ['an unknown field', { deadlines: { returnReview: { hours: 4 } } }, 'deadlines.returnReview.hours'],
    ['an unknown deadline', { deadlines: { shipping: { workingDays: 4 } } }, 'deadlines.shipping'],
    ['a number over an object', { deadlines: 3 }, 'deadlines'],
    ['an object over a number', { deadlines: { returnReview: { workingDays: { value: 3 } } } }, 'deadlines.returnReview.workingDays'],
    ['not an object', 5, '(root)'],
  ])('rejects %s, naming the field', (_name, override, field) => {
    expectInvalid(() => parsePolicy(defaultPolicyJson, override), field);
  });
});

describe('parsePolicy on a broken policy file', () => {
  it('rejects a deadline citing a clause that does not exist', () => {
    const json = clone();
    (json.deadlines as Record<string, Record<string, unknown>>).returnReview!.clause = '3.2.9';
    expectInvalid(() => parsePolicy(json), 'deadlines.returnReview.clause');
  });

  it('rejects a policy whose cited clause is missing from the given clauses', () => {
    const clauses = defaultClauses.filter((clause) => clause.id !== '4.3.2');
    // 4.3.2 is cited first by the complaint-handling target, then by the complaint routing.
    expectInvalid(() => parsePolicy(defaultPolicyJson, undefined, clauses), 'deadlines.complaintHandling.clause');
  });

  it('rejects an unknown top-level key (typos must not pass silently)', () => {
    expectInvalid(() => parsePolicy({ ...clone(), deadline: {} }), 'deadline');
  });

  it('rejects an unknown nested key', () => {
    const json = clone();
    (json.deadlines as Record<string, Record<string, unknown>>).returnReview!.days = 2;
    expectInvalid(() => parsePolicy(json), 'deadlines.returnReview.days');
  });

  it('rejects a missing deadline', () => {
    const json = clone();
    delete (json.deadlines as Record<string, unknown>).returnReview;
    expectInvalid(() => parsePolicy(json), 'deadlines.returnReview');
  });

  it('rejects a repeated remedy', () => {
    const json = clone();
    json.qualityRemedies = { allowed: ['refund', 'refund'], clause: '3.1.3' };
    expectInvalid(() => parsePolicy(json), 'qualityRemedies.allowed');
  });
});
