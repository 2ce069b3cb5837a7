import type { z } from 'zod';
import { CodedError } from '../../errors.ts';

/** A policy or clauses file that does not validate; `field` names the offending path. */
export class PolicyInvalidError extends CodedError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super('policy.invalid', `policy.invalid: ${field}: ${problem}`);
    this.name = 'PolicyInvalidError';
  }

  /** Wraps the first zod issue, prefixing its path with `root` (e.g. "clauses"). */
  static fromZod(error: z.ZodError, root = ''): PolicyInvalidError {
    const issue = error.issues[0];
    // An unknown key is reported on its parent; name the key itself, since that is what the operator mistyped.
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : (issue?.path ?? []);
    const field = formatFieldPath(root, path);
    return new PolicyInvalidError(field, issue?.message ?? 'invalid');
  }
}

/** Formats a path the way an operator reads it: `deadlines.returnReview.workingDays`, `clauses[3].id`. */
export function formatFieldPath(root: string, path: readonly PropertyKey[]): string {
  const formatted = path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`),
    root,
  );
  return formatted === '' ? '(root)' : formatted;
}
