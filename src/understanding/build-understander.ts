import type { LlmPort } from '../contracts/llm.ts';
import type { AppMetrics } from '../http/metrics.ts';
import { loadPrompt } from '../llm/prompts.ts';
import type { Logger } from '../log.ts';
import { createUnderstander, type Understander } from './understander.ts';

/** The version of prompts/understanding/ in use; a changed prompt is a new file and a new version here. */
export const UNDERSTANDING_PROMPT_VERSION = 'v1';

/**
 * The understander the app runs: offline when `llm` is undefined (no OPENAI_API_KEY), else assisted by the
 * model through the app's one LLM client (shared with the consultation answerer: one budget, one breaker).
 * The prompt file is read here, at start.
 */
export async function buildUnderstander(deps: { llm: LlmPort | undefined; log: Logger; metrics?: Pick<AppMetrics, 'understandingAssist'> }): Promise<Understander> {
  const { llm, log, metrics } = deps;
  if (llm === undefined) {
    log.info({ llm: 'off' }, 'understanding is offline (OPENAI_API_KEY is not set)');
    return createUnderstander({ log, metrics });
  }
  const prompt = await loadPrompt('understanding', UNDERSTANDING_PROMPT_VERSION);
  log.info({ llm: 'on', prompt: prompt.id }, 'understanding asks the model about ambiguous messages');
  return createUnderstander({ log, metrics, llm, prompt });
}
