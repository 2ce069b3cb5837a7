import { defaultPolicyJson } from './defaults.ts';
import { parsePolicy } from './parse-policy.ts';
import type { Policy } from './policy-schema.ts';

/** The bundled policy, validated against the bundled clauses (no operator override applied). */
export const defaultPolicy: Policy = parsePolicy(defaultPolicyJson);
