import fs from 'node:fs/promises';
import { CodedError } from '../errors.ts';
import { defaultPolicyJson } from '../domain/policy/defaults.ts';
import { parsePolicy } from '../domain/policy/parse-policy.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';

/** The policy in force: the default file, with the operator's overrides from POLICY_FILE if set. */
export async function loadPolicy(overrideFile: string | undefined): Promise<Policy> {
  if (!overrideFile) return parsePolicy(defaultPolicyJson);
  let override: unknown;
  try {
    override = JSON.parse(await fs.readFile(overrideFile, 'utf8'));
  } catch (error) {
    throw new CodedError('policy.invalid', `POLICY_FILE ${overrideFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePolicy(defaultPolicyJson, override);
}
