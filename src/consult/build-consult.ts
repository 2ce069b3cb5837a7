import type { CasePort } from '../contracts/cases.ts';
import type { LlmPort } from '../contracts/llm.ts';
import { defaultClauses, defaultFaq } from '../domain/policy/defaults.ts';
import type { Policy } from '../domain/policy/policy-schema.ts';
import { loadPrompt } from '../llm/prompts.ts';
import type { Logger } from '../log.ts';
import type { ConsultationAnswerStore } from '../store/consultation-answer-store.ts';
import { createConsultService } from './consult-service.ts';
import { CONSULT_PROMPT_VERSION } from './llm-answerer.ts';

/**
 * The consultation answerer the app runs: offline (FAQ + policy) always; the model behind the rule checker when
 * `llm` is set (OPENAI_API_KEY), through the app's one LLM client. The prompt file is read here, at start.
 */
export async function buildConsultService(deps: {
  policy: Policy;
  llm: LlmPort | undefined;
  modelName?: string;
  log: Logger;
  store?: ConsultationAnswerStore;
  cases?: Pick<CasePort, 'listCases'>;
}) {
  const { llm, log } = deps;
  const base = { policy: deps.policy, clauses: defaultClauses, faq: defaultFaq, log, ...(deps.store ? { store: deps.store } : {}), ...(deps.cases ? { cases: deps.cases } : {}) };
  if (llm === undefined) {
    log.info({ llm: 'off', faq: defaultFaq.length }, 'consultation answers are offline (OPENAI_API_KEY is not set)');
    return createConsultService(base);
  }
  const prompt = await loadPrompt('consult', CONSULT_PROMPT_VERSION);
  log.info({ llm: 'on', prompt: prompt.id }, 'consultation answers are drafted by the model and checked by the rules');
  return createConsultService({ ...base, model: { llm, prompt, log, modelName: deps.modelName ?? 'unknown' } });
}
