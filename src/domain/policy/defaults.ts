import clausesJson from '../../../prompts/policy/clauses.json' with { type: 'json' };
import policyJson from '../../../prompts/policy/policy.json' with { type: 'json' };
import type { Clause } from './clauses.ts';
import { parseClauses } from './clauses.ts';

/** The bundled policy file as parsed JSON; validate it with `parsePolicy`. */
export const defaultPolicyJson: unknown = policyJson;

/** The bundled clauses file as parsed JSON. */
export const defaultClausesJson: unknown = clausesJson;

/** The bundled contract clauses, validated once at import (a broken bundle fails fast). */
export const defaultClauses: readonly Clause[] = parseClauses(clausesJson);
