import { formatFieldPath, PolicyInvalidError } from './policy-invalid-error.ts';

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges an operator override into a policy, refusing anything but numbers.
 * Why numbers only: clause citations, routing and remedies are contract facts, not deployment tuning.
 */
export function mergeNumericOverride(base: unknown, override: unknown): unknown {
  if (!isPlainObject(override)) {
    throw new PolicyInvalidError('(root)', 'an override must be an object of numbers to change');
  }
  return mergeAt(base, override, []);
}

function mergeAt(base: unknown, override: PlainObject, path: readonly string[]): PlainObject {
  if (!isPlainObject(base)) {
    throw new PolicyInvalidError(formatFieldPath('', path), 'this field holds no numbers to override');
  }
  const merged: PlainObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const keyPath = [...path, key];
    const field = formatFieldPath('', keyPath);
    if (!Object.hasOwn(base, key)) throw new PolicyInvalidError(field, 'unknown field');
    const current = base[key];
    if (isPlainObject(value)) {
      merged[key] = mergeAt(current, value, keyPath);
    } else if (typeof value === 'number' && typeof current === 'number') {
      merged[key] = value;
    } else {
      throw new PolicyInvalidError(field, 'an override may change numbers only');
    }
  }
  return merged;
}
