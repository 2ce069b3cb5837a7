export { createLlmClient } from './llm-client.ts';
export type { LlmClientOptions, LlmMetrics } from './llm-client.ts';
export { CircuitBreaker } from './circuit-breaker.ts';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.ts';
export { loadPrompt, PROMPTS_DIR } from './prompts.ts';
