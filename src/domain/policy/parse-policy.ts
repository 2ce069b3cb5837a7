import type { Clause } from './clauses.ts';
import { clauseById } from './clauses.ts';
import { defaultClauses } from './defaults.ts';
import { mergeNumericOverride } from './numeric-override.ts';
import { PolicyInvalidError } from './policy-invalid-error.ts';
import type { Policy } from './policy-schema.ts';
import { policySchema } from './policy-schema.ts';

/**
 * Validates an already-parsed policy file, applies an optional operator override (numbers only),
 * validates again and checks every cited clause exists. Throws `PolicyInvalidError` (code `policy.invalid`).
 * @example parsePolicy(defaultPolicyJson, { deadlines: { returnReview: { workingDays: 1 } } })
 */
export function parsePolicy(json: unknown, override?: unknown, clauses: readonly Clause[] = defaultClauses): Policy {
  const base = validate(json);
  const policy = override === undefined ? base : validate(mergeNumericOverride(base, override));
  assertCitedClausesExist(policy, clauses);
  return policy;
}

function validate(json: unknown): Policy {
  const result = policySchema.safeParse(json);
  if (!result.success) throw PolicyInvalidError.fromZod(result.error);
  return result.data;
}

// Walks the whole object so a rule added to the schema later is checked without touching this code.
function assertCitedClausesExist(policy: Policy, clauses: readonly Clause[]): void {
  const visit = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const field = path === '' ? key : `${path}.${key}`;
      if (key === 'clause' && typeof value === 'string' && clauseById(clauses, value) === undefined) {
        throw new PolicyInvalidError(field, `cites clause "${value}", which is not in the clauses file`);
      }
      visit(value, field);
    }
  };
  visit(policy, '');
}
