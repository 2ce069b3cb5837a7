import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LlmConfig } from '../../src/config.ts';
import type { LlmPort, Prompt } from '../../src/contracts/llm.ts';
import { LlmError } from '../../src/errors.ts';
import { createAppMetrics } from '../../src/http/metrics.ts';
import { createLlmClient } from '../../src/llm/llm-client.ts';
import { FakeOpenAiApi } from '../support/fake-openai-api.ts';
import { capturedLogger } from '../support/telegram-doubles.ts';
import { sampleValue } from '../support/prometheus-text.ts';

const API_KEY = 'sk-test-0123456789abcdefSECRET';
const prompt: Prompt = { name: 'test', version: 'v7', id: 'test/v7', text: 'Answer with JSON.' };
const schema = z.object({ answer: z.string(), count: z.number() });
const request = { prompt, input: '{"message":"hello"}', schema, schemaName: 'test_reply' };

const api = FakeOpenAiApi.perFile({ apiKey: API_KEY });

function client(overrides: Partial<LlmConfig> = {}, breaker = { failureThreshold: 100, cooldownMs: 1_000 }) {
  let clock = 0;
  const logs = capturedLogger('debug');
  const metrics = createAppMetrics();
  const config: LlmConfig = { apiKey: API_KEY, baseUrl: api.baseUrl, model: 'gpt-test', timeoutMs: 2_000, breaker, ...overrides };
  const llm: LlmPort = createLlmClient({ config, log: logs.log, metrics, now: () => clock });
  return { llm, logs, metrics, advance: (ms: number) => void (clock += ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LlmError);
  return (error as LlmError).code;
}

describe('the LLM client', () => {
  it('sends one structured request (strict JSON schema from the zod schema) and returns the validated reply', async () => {
    const { llm, metrics, logs } = client();
    api.reply({ json: { answer: 'yes', count: 2 } });
    await expect(llm.structured(request)).resolves.toEqual({ answer: 'yes', count: 2 });
    expect(api.calls).toHaveLength(1);
    const body = api.calls[0]?.body;
    expect(api.calls[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(body?.model).toBe('gpt-test');
    expect(body?.messages).toEqual([{ role: 'system', content: 'Answer with JSON.' }, { role: 'user', content: '{"message":"hello"}' }]);
    expect(body?.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'test_reply', strict: true, schema: { type: 'object', required: ['answer', 'count'] } } });
    const rendered = await metrics.registry.metrics();
    expect(sampleValue(rendered, 'intake_llm_calls_total', { outcome: 'ok', prompt: 'test/v7' })).toBe(1);
    expect(sampleValue(rendered, 'intake_llm_call_duration_seconds_count', { prompt: 'test/v7' })).toBe(1);
    expect(logs.lines()).toMatch(/"prompt":"test\/v7".*"outcome":"ok".*"attempts":1/);
  });

  it('retries a 500 once and succeeds', async () => {
    const { llm, metrics } = client();
    api.reply({ status: 500 }, { json: { answer: 'second', count: 1 } });
    await expect(llm.structured(request)).resolves.toEqual({ answer: 'second', count: 1 });
    expect(api.calls.map((c) => c.answered)).toEqual([500, 200]);
    expect(sampleValue(await metrics.registry.metrics(), 'intake_llm_retries_total', { prompt: 'test/v7' })).toBe(1);
  });

  it('retries at most once: two 5xx in a row fail with llm.failed after exactly two calls', async () => {
    const { llm, metrics } = client();
    api.reply({ status: 503 }, { status: 502 }, { json: { answer: 'never asked', count: 0 } });
    expect(await codeOf(llm.structured(request))).toBe('llm.failed');
    expect(api.calls).toHaveLength(2);
    expect(sampleValue(await metrics.registry.metrics(), 'intake_llm_calls_total', { outcome: 'failed', prompt: 'test/v7' })).toBe(1);
  });

  it('retries a 429 after its Retry-After when that fits the budget, and not when it does not', async () => {
    const { llm } = client({ timeoutMs: 3_000 });
    api.reply({ status: 429, retryAfterSec: 0.1 }, { json: { answer: 'ok', count: 1 } });
    await expect(llm.structured(request)).resolves.toEqual({ answer: 'ok', count: 1 });
    expect(api.calls).toHaveLength(2);

    api.reset();
    api.reply({ status: 429, retryAfterSec: 60 }, { json: { answer: 'too late', count: 1 } });
    const started = Date.now();
    expect(await codeOf(llm.structured(request))).toBe('llm.rate_limited');
    expect(api.calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('ends a call that hangs within its time budget (llm.timeout), a retry included', async () => {
    const { llm, metrics } = client({ timeoutMs: 600 });
    api.reply({ hang: true }, { hang: true });
    const started = Date.now();
    expect(await codeOf(llm.structured(request))).toBe('llm.timeout');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(600 + 250);
    // The first attempt got part of the budget, so one retry still fitted.
    expect(api.calls).toHaveLength(2);
    expect(sampleValue(await metrics.registry.metrics(), 'intake_llm_calls_total', { outcome: 'timeout', prompt: 'test/v7' })).toBe(1);
  });

  it('retries after a hung first attempt and takes the second answer', async () => {
    const { llm } = client({ timeoutMs: 1_000 });
    api.reply({ hang: true }, { json: { answer: 'late but fine', count: 3 } });
    await expect(llm.structured(request)).resolves.toEqual({ answer: 'late but fine', count: 3 });
    expect(api.calls).toHaveLength(2);
  });

  it('retries once when the API cannot be reached, then fails with llm.failed', async () => {
    const closed = await FakeOpenAiApi.start({ apiKey: API_KEY });
    const baseUrl = closed.baseUrl;
    await closed.close();
    const metrics = createAppMetrics();
    const config = { apiKey: API_KEY, baseUrl, model: 'gpt-test', timeoutMs: 2_000, breaker: { failureThreshold: 5, cooldownMs: 1_000 } };
    const llm = createLlmClient({ config, log: capturedLogger('silent').log, metrics });
    expect(await codeOf(llm.structured(request))).toBe('llm.failed');
    const rendered = await metrics.registry.metrics();
    expect(sampleValue(rendered, 'intake_llm_retries_total', { prompt: 'test/v7' })).toBe(1);
    expect(sampleValue(rendered, 'intake_llm_calls_total', { outcome: 'failed', prompt: 'test/v7' })).toBe(1);
  });

  it('does not retry a refused request (401: llm.rejected)', async () => {
    const config = { apiKey: 'sk-wrong-key-000000', baseUrl: api.baseUrl, model: 'gpt-test', timeoutMs: 2_000, breaker: { failureThreshold: 5, cooldownMs: 1_000 } };
    const llm = createLlmClient({ config, log: capturedLogger('silent').log });
    expect(await codeOf(llm.structured(request))).toBe('llm.rejected');
    expect(api.calls.map((c) => c.answered)).toEqual([401]);
  });

  it.each([
    ['malformed JSON', { content: '{"answer": "cut off' }],
    ['JSON of another shape', { json: { answer: 3 } }],
    ['a refusal', { refusal: 'I cannot help with that.' }],
  ])('fails with llm.invalid_output on %s, without a retry', async (_name, reply) => {
    const { llm, metrics } = client();
    api.reply(reply, { json: { answer: 'never asked', count: 0 } });
    expect(await codeOf(llm.structured(request))).toBe('llm.invalid_output');
    expect(api.calls).toHaveLength(1);
    expect(sampleValue(await metrics.registry.metrics(), 'intake_llm_calls_total', { outcome: 'invalid_output', prompt: 'test/v7' })).toBe(1);
  });

  it('opens the circuit after N failed calls: no request at all until the cool-down, then one trial call', async () => {
    const { llm, advance, metrics, logs } = client({}, { failureThreshold: 2, cooldownMs: 30_000 });
    api.reply({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    expect(await codeOf(llm.structured(request))).toBe('llm.failed');
    expect(await codeOf(llm.structured(request))).toBe('llm.failed');
    expect(api.calls).toHaveLength(4);
    expect(await codeOf(llm.structured(request))).toBe('llm.circuit_open');
    advance(29_999);
    expect(await codeOf(llm.structured(request))).toBe('llm.circuit_open');
    expect(api.calls).toHaveLength(4);
    expect(sampleValue(await metrics.registry.metrics(), 'intake_llm_circuit', { state: 'open' })).toBe(1);
    expect(logs.lines()).toContain('llm circuit opened');

    advance(1);
    api.reply({ json: { answer: 'back', count: 1 } });
    await expect(llm.structured(request)).resolves.toEqual({ answer: 'back', count: 1 });
    expect(api.calls).toHaveLength(5);
    const rendered = await metrics.registry.metrics();
    expect(sampleValue(rendered, 'intake_llm_circuit', { state: 'closed' })).toBe(1);
    expect(sampleValue(rendered, 'intake_llm_calls_total', { outcome: 'circuit_open', prompt: 'test/v7' })).toBe(2);
  });

  it('does not count answers that fail validation against the service (the circuit stays closed)', async () => {
    const { llm } = client({}, { failureThreshold: 1, cooldownMs: 30_000 });
    api.reply({ content: 'not json' }, { json: { answer: 'fine', count: 1 } });
    expect(await codeOf(llm.structured(request))).toBe('llm.invalid_output');
    await expect(llm.structured(request)).resolves.toEqual({ answer: 'fine', count: 1 });
  });

  it('never writes the API key, the prompt or the data sent to the logs, at any level', async () => {
    const { llm, logs } = client({ timeoutMs: 400 }, { failureThreshold: 1, cooldownMs: 30_000 });
    api.reply({ json: { answer: 'yes', count: 1 } }, { status: 500 }, { hang: true });
    await llm.structured(request);
    await llm.structured(request).catch(() => undefined);
    await llm.structured(request).catch(() => undefined);
    const lines = logs.lines();
    expect(lines).toContain('llm call');
    expect(lines).not.toContain(API_KEY);
    expect(lines).not.toContain('SECRET');
    expect(lines).not.toContain('Answer with JSON');
    expect(lines).not.toContain('hello');
  });
});
