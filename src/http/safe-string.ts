import { z } from 'zod';
import { isStorableText } from '../domain/intake/storable-text.ts';

export { isStorableText, replaceLoneSurrogates } from '../domain/intake/storable-text.ts';

/** A string field of at most `max` characters that PostgreSQL can store; anything else is a 400. */
export function safeString(field: string, max: number) {
  return z
    .string({ message: `${field} must be a string` })
    .max(max, { message: `${field} is longer than ${max} characters` })
    .refine(isStorableText, { message: `${field} contains a NUL character or a lone surrogate` });
}
