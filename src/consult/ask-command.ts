import type { Config } from '../config.ts';
import type { AnswerLang } from '../domain/answers/answer.ts';
import { loadPolicy } from '../policy/policy-file.ts';
import { createLlmClient } from '../llm/index.ts';
import type { Logger } from '../log.ts';
import { buildConsultService } from './build-consult.ts';
import { citationsOf, questionLang } from './consult-service.ts';
import { defaultClauses } from '../domain/policy/defaults.ts';

/**
 * `cli ask "<question>" [--lang zh|en] [--json]`: answers one question as a merchant would be answered (offline
 * unless OPENAI_API_KEY is set) and prints the answer, its citations and the checker's verdict. Stores nothing.
 * With --json one object: {question, lang, topic, faq, answer, citations, check, steps, modelCalls}.
 */
export async function askCommand(input: { question: string; lang: AnswerLang | undefined; json: boolean }, config: Config, log: Logger, out: (line: string) => void): Promise<number> {
  const policy = await loadPolicy(config.policyFile);
  const llm = config.llm === undefined ? undefined : createLlmClient({ config: config.llm, log });
  const service = await buildConsultService({ policy, llm, modelName: config.llm?.model, log });
  const lang = input.lang ?? questionLang(input.question);
  const result = await service.ask(input.question, lang);
  const citations = citationsOf(result.answer.clauseIds, result.answer.lang, { policy, clauses: defaultClauses });
  if (input.json) {
    out(
      JSON.stringify({
        question: input.question,
        lang,
        topic: result.topic ?? null,
        faq: result.retrieval.faq ? { id: result.retrieval.faq.entry.id, score: Number(result.retrieval.faq.score.toFixed(3)) } : null,
        answer: result.answer,
        citations,
        check: result.check,
        steps: result.steps,
        modelCalls: result.modelCalls,
      }),
    );
    return 0;
  }
  out(result.answer.text);
  out('');
  out(`citations: ${citations.length === 0 ? '(none)' : citations.map((c) => `${c.clauseId} ${c.title}`).join('; ')}`);
  out(`source: ${result.answer.source}${result.answer.needsPerson ? ' (a person is offered)' : ''}   topic: ${result.topic ?? '(none)'}   faq: ${result.retrieval.faq?.entry.id ?? '(none)'}`);
  out(`check: ${result.check.verdict}${result.check.violations.map((v) => `\n  ${v.rule}: ${v.detail}`).join('')}`);
  return 0;
}
