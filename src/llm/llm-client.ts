import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { LlmConfig } from '../config.ts';
import type { LlmPort, LlmRequest } from '../contracts/llm.ts';
import { LlmError, type LlmErrorCode } from '../errors.ts';
import type { AppMetrics } from '../http/metrics.ts';
import { describeUrl, type Logger } from '../log.ts';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';

/** The metrics the client counts into (from `createAppMetrics`). */
export type LlmMetrics = Pick<AppMetrics, 'llmCalls' | 'llmRetries' | 'llmDuration' | 'llmCircuit'>;

/** What the client needs; `now` drives the circuit breaker's cool-down (tests pass their own clock). */
export interface LlmClientOptions {
  config: LlmConfig;
  log: Logger;
  metrics?: LlmMetrics;
  now?: () => number;
}

// A retry goes only if at least this share of the budget is left for it: a sliver of time only adds a failure.
const MIN_RETRY_SHARE = 0.25;
// When a retry may follow, the first attempt gets this share of the budget, so a hung first attempt leaves time for one more.
const FIRST_ATTEMPT_SHARE = 0.6;
// The pause before a retry without Retry-After (200 ms of the default 8 s budget).
const BACKOFF_SHARE = 0.025;
const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'open', 'half_open'];

interface Failure {
  error: LlmError;
  /** Worth one more attempt (429, 5xx, unreachable, the attempt timed out). */
  retryable: boolean;
  /** Says the dependency is unwell (counts towards opening the circuit). */
  countsAgainstService: boolean;
  /** The server's Retry-After, when it gave one. */
  retryAfterMs?: number;
}

/**
 * The one LLM client: an OpenAI-compatible chat completions API through the `openai` package, with a strict
 * JSON-schema response format built from the request's zod schema, a total time budget per call (the
 * AbortSignal of each attempt never outlives it), at most one retry, and a circuit breaker shared by every
 * caller. Every call is counted and logged at info with its prompt version and outcome; the key, the
 * prompt and the data sent are never logged.
 */
export function createLlmClient(options: LlmClientOptions): LlmPort {
  const { config, log, metrics } = options;
  const now = options.now ?? Date.now;
  const openai = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    // Retries and timeouts are ours (one budget across both attempts); the SDK must not add its own, nor log.
    maxRetries: 0,
    timeout: config.timeoutMs,
    logLevel: 'off',
  });
  const setCircuitGauge = (state: CircuitState) => {
    for (const s of CIRCUIT_STATES) metrics?.llmCircuit.set({ state: s }, s === state ? 1 : 0);
  };
  setCircuitGauge('closed');
  log.info({ model: config.model, api: describeUrl(config.baseUrl), timeoutMs: config.timeoutMs, breaker: config.breaker }, 'llm client ready');
  const breaker = new CircuitBreaker({
    failureThreshold: config.breaker.failureThreshold,
    cooldownMs: config.breaker.cooldownMs,
    now,
    onChange: (state, previous) => {
      setCircuitGauge(state);
      const fields = { circuit: state, previous, cooldownMs: config.breaker.cooldownMs };
      if (state === 'open') log.warn(fields, 'llm circuit opened: model calls are skipped until the cool-down ends');
      else log.info(fields, 'llm circuit changed');
    },
  });

  async function attempt<T>(request: LlmRequest<T>, timeoutMs: number): Promise<T> {
    const completion = await openai.chat.completions.parse(
      {
        model: config.model,
        temperature: 0,
        messages: [
          { role: 'system', content: request.prompt.text },
          { role: 'user', content: request.input },
        ],
        response_format: zodResponseFormat(request.schema, request.schemaName),
      },
      { signal: AbortSignal.timeout(timeoutMs), timeout: timeoutMs, maxRetries: 0 },
    );
    const message = completion.choices[0]?.message;
    if (message?.parsed === null || message?.parsed === undefined) {
      throw new LlmError('llm.invalid_output', message?.refusal ? 'the model refused' : 'the reply held no structured content');
    }
    return message.parsed;
  }

  return {
    async structured<T>(request: LlmRequest<T>): Promise<T> {
      const promptId = request.prompt.id;
      const count = (outcome: 'ok' | LlmErrorCode, attempts: number, startedAt: number) => {
        const ms = performance.now() - startedAt;
        const label = outcome === 'ok' ? 'ok' : outcome.slice('llm.'.length);
        metrics?.llmCalls.inc({ prompt: promptId, outcome: label });
        metrics?.llmDuration.observe({ prompt: promptId }, ms / 1000);
        log.info({ prompt: promptId, model: config.model, outcome: label, attempts, ms: Math.round(ms) }, 'llm call');
      };
      const startedAt = performance.now();
      if (!breaker.tryAcquire()) {
        count('llm.circuit_open', 0, startedAt);
        throw new LlmError('llm.circuit_open', 'recent model calls failed; skipped until the cool-down ends');
      }
      const deadline = startedAt + config.timeoutMs;
      for (let attempts = 1; ; attempts += 1) {
        const remaining = deadline - performance.now();
        const timeoutMs = Math.max(1, Math.floor(attempts === 1 ? remaining * FIRST_ATTEMPT_SHARE : remaining));
        try {
          const reply = await attempt(request, timeoutMs);
          breaker.success();
          count('ok', attempts, startedAt);
          return reply;
        } catch (error) {
          const failure = classify(error);
          const backoffMs = failure.retryAfterMs ?? config.timeoutMs * BACKOFF_SHARE;
          const left = deadline - performance.now() - backoffMs;
          if (attempts === 1 && failure.retryable && left >= config.timeoutMs * MIN_RETRY_SHARE) {
            metrics?.llmRetries.inc({ prompt: promptId });
            await new Promise((resolve) => setTimeout(resolve, backoffMs));
            continue;
          }
          // An answer that fails validation still shows a working service; only failures of the service open the circuit.
          if (failure.countsAgainstService) breaker.failure();
          else breaker.success();
          count(failure.error.code, attempts, startedAt);
          throw failure.error;
        }
      }
    },
  };
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const seconds = Number(headers?.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** Maps what the SDK threw onto our codes; decides on error classes and statuses, never on message text. */
function classify(error: unknown): Failure {
  const failure = (code: LlmErrorCode, message: string, retryable: boolean, countsAgainstService = true): Failure => ({
    error: new LlmError(code, message, { cause: error }),
    retryable,
    countsAgainstService,
  });
  if (error instanceof LlmError) return { error, retryable: false, countsAgainstService: error.code !== 'llm.invalid_output' };
  // Our AbortSignal.timeout surfaces as a user abort; the SDK's own timer as a connection timeout.
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) return failure('llm.timeout', 'the model did not answer in time', true);
  if (error instanceof APIConnectionError) return failure('llm.failed', 'the model API could not be reached', true);
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429) return { ...failure('llm.rate_limited', 'the model API answered 429', true), retryAfterMs: retryAfterMs(error.headers) };
    if (status >= 500) return failure('llm.failed', `the model API answered ${status}`, true);
    if (status === 408) return failure('llm.timeout', 'the model API answered 408', true);
    return failure('llm.rejected', `the model API refused the request (${status})`, false);
  }
  // Not JSON (SyntaxError), not the schema (ZodError), cut short (length) or filtered: the model's answer is unusable.
  const unusable = [SyntaxError, z.core.$ZodError, LengthFinishReasonError, ContentFilterFinishReasonError];
  if (unusable.some((kind) => error instanceof kind)) {
    return failure('llm.invalid_output', 'the reply is not JSON of the expected schema', false, false);
  }
  return failure('llm.failed', 'the model call failed unexpectedly', false);
}
