import type { ZodType } from 'zod';

/**
 * The port through which understanding (and, next, the consultation answerer) asks a language model for a
 * structured reply. The model suggests; the caller checks every suggestion with deterministic code.
 * Implemented over the `openai` package in src/llm/llm-client.ts; absent when no OPENAI_API_KEY is set.
 */
export interface LlmPort {
  /**
   * One structured call. Resolves with a reply that `schema` accepted, or rejects with an `LlmError`
   * (src/errors.ts, codes `llm.*`) after at most one retry within the configured time budget.
   */
  structured<T>(request: LlmRequest<T>): Promise<T>;
}

/** A prompt file under prompts/, loaded at start: `prompts/<name>/<version>.md`. */
export interface Prompt {
  name: string;
  version: string;
  /** `<name>/<version>`, recorded in logs and metrics (never the text sent). */
  id: string;
  /** The system instructions. Never contains merchant text. */
  text: string;
}

/** What one structured call sends. */
export interface LlmRequest<T> {
  /** The system instructions and their version. */
  prompt: Prompt;
  /** The user message: the data to work on (merchant text goes here, encoded as data, never into `prompt`). */
  input: string;
  /** What the reply must satisfy; also sent to the model as a strict JSON schema. */
  schema: ZodType<T>;
  /** The schema's name in the request (letters, digits, `_`, `-`). */
  schemaName: string;
}
