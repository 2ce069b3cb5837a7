import { z } from 'zod';
import { localizedTextSchema } from './localized-text.ts';
import { PolicyInvalidError } from './policy-invalid-error.ts';

/** A contract clause id such as "3.2.1" (chapter.section.clause). */
export const clauseIdSchema = z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a clause id such as "3.2.1"');

/** One contract clause: verbatim zh text, a faithful en translation, and retrieval tags. */
export const clauseSchema = z
  .strictObject({
    id: clauseIdSchema,
    chapter: z.int().min(1),
    /** The heading of the section the clause sits in (the contract has no per-clause titles). */
    title: localizedTextSchema,
    text: localizedTextSchema,
    tags: z.array(z.string().regex(/^[a-z][a-z_]*$/, 'tags are snake_case')).min(1),
    /** Set when the source text is cut off, so answers never quote it as complete. */
    truncated: z.boolean().optional(),
  })
  .refine((clause) => clause.id.startsWith(`${clause.chapter}.`), {
    message: 'chapter must match the first part of the id',
    path: ['chapter'],
  });

/** The clauses file: an array of clauses with unique ids. */
export const clausesSchema = z.array(clauseSchema).superRefine((clauses, ctx) => {
  const seen = new Set<string>();
  clauses.forEach((clause, index) => {
    if (seen.has(clause.id)) {
      ctx.addIssue({ code: 'custom', message: `duplicate clause id "${clause.id}"`, path: [index, 'id'] });
    }
    seen.add(clause.id);
  });
});

/** One validated contract clause. */
export type Clause = z.infer<typeof clauseSchema>;

/** Validates an already-parsed clauses file; throws `PolicyInvalidError` (code `policy.invalid`). */
export function parseClauses(json: unknown): readonly Clause[] {
  const result = clausesSchema.safeParse(json);
  if (!result.success) throw PolicyInvalidError.fromZod(result.error, 'clauses');
  return result.data;
}

/** The clause with this id, or undefined. */
export function clauseById(clauses: readonly Clause[], id: string): Clause | undefined {
  return clauses.find((clause) => clause.id === id);
}
