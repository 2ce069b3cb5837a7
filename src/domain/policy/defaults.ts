import clausesJson from '../../../policy/clauses.json' with { type: 'json' };
import faqJson from '../../../policy/faq.json' with { type: 'json' };
import policyJson from '../../../policy/policy.json' with { type: 'json' };
import type { Clause } from './clauses.ts';
import { parseClauses } from './clauses.ts';
import type { FaqEntry } from './faq.ts';
import { parseFaq } from './faq.ts';

/** The bundled policy file as parsed JSON; validate it with `parsePolicy`. */
export const defaultPolicyJson: unknown = policyJson;

/** The bundled clauses file as parsed JSON. */
export const defaultClausesJson: unknown = clausesJson;

/** The bundled FAQ file as parsed JSON. */
export const defaultFaqJson: unknown = faqJson;

/** The bundled contract clauses, validated once at import (a broken bundle fails fast). */
export const defaultClauses: readonly Clause[] = parseClauses(clausesJson);

/** The bundled FAQ (policy/faq.json), validated against the clauses at import. */
export const defaultFaq: readonly FaqEntry[] = parseFaq(faqJson, defaultClauses);
