import type { Prisma } from './prisma.ts';

/**
 * The next sequence number for `prefix` on business-local `day`, inside the caller's transaction.
 * One atomic upsert: concurrent openers queue on the counter row, and a rolled-back opening gives its number back.
 */
export async function nextCaseSequence(tx: Prisma.TransactionClient, prefix: string, day: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ last: number }>>`
    INSERT INTO "CaseNumberCounter" ("prefix", "day", "last") VALUES (${prefix}, ${day}, 1)
    ON CONFLICT ("prefix", "day") DO UPDATE SET "last" = "CaseNumberCounter"."last" + 1
    RETURNING "last"`;
  const last = rows[0]?.last;
  if (last === undefined) throw new Error(`case number counter ${prefix}/${day} returned no row`);
  return Number(last);
}
