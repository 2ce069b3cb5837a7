import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AnswerCheckContext, AnswerLang } from '../domain/answers/answer.ts';
import { answerFromText, checkAnswer, detectLang } from '../domain/answers/checker/index.ts';
import type { Clause } from '../domain/policy/clauses.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';

/** One input line of `check-answers`: the answer is plain text (its figures and clause ids are read from it). */
const inputLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  question: z.string(),
  answer: z.string(),
  lang: z.enum(['zh', 'en']).optional(),
  merchantId: z.string().min(1).optional(),
});

/** A merchant's own case and order numbers. */
export interface MerchantOwnData {
  caseNumbers: readonly string[];
  orderNumbers: readonly string[];
}

/** What `check-answers` needs: the policy, clauses, allowed links, and (with a database) a merchant lookup. */
export interface CheckAnswersContext {
  policy: Policy;
  clauses: readonly Clause[];
  allowedLinks: readonly string[];
  /** Looks a merchant's own numbers up; absent without a database, and then no number is the merchant's. */
  merchantData?: (merchantId: string) => Promise<MerchantOwnData>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const NO_DATA: MerchantOwnData = { caseNumbers: [], orderNumbers: [] };

/**
 * `check-answers <in.jsonl>`: one verdict line per input line, `{"id","verdict","violations":[{"rule","detail"}]}`.
 * Exit 0 even when answers are blocked; 2 when the input cannot be read (a line that is not JSON, or lacks
 * `id`/`question`/`answer`: its line number goes to stderr and nothing is written to stdout).
 */
export async function checkAnswersCommand(file: string, ctx: CheckAnswersContext): Promise<0 | 2> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    ctx.err(`check-answers: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 2;
  }
  const lines: Array<z.output<typeof inputLineSchema>> = [];
  const raw = content.split('\n');
  for (let index = 0; index < raw.length; index++) {
    const text = (raw[index] ?? '').trim();
    if (text === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.err(`check-answers: ${file}:${index + 1}: not JSON`);
      return 2;
    }
    const parsed = inputLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      ctx.err(`check-answers: ${file}:${index + 1}: ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`);
      return 2;
    }
    lines.push(parsed.data);
  }
  const cache = new Map<string, Promise<MerchantOwnData>>();
  for (const line of lines) {
    const lookup = ctx.merchantData;
    let merchant = NO_DATA;
    if (line.merchantId && lookup) {
      const id = line.merchantId;
      if (!cache.has(id)) cache.set(id, lookup(id));
      merchant = (await cache.get(id)) ?? NO_DATA;
    }
    const questionLang: AnswerLang = line.lang ?? detectLang(line.question);
    const checkContext: AnswerCheckContext = { question: line.question, questionLang, merchant, allowedLinks: ctx.allowedLinks };
    const result = checkAnswer(answerFromText(line.answer), checkContext, ctx.policy, ctx.clauses);
    ctx.out(JSON.stringify({ id: line.id, verdict: result.verdict, violations: result.violations }));
  }
  return 0;
}
