import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { FakeOpenAiApi } from '../support/fake-openai-api.ts';
import { sampleValue } from '../support/prometheus-text.ts';

const API_KEY = 'sk-app-wiring-test-0000';
const NOW = new Date('2026-11-26T10:00:00+08:00');

let api: FakeOpenAiApi;
let bot: TestApp;

beforeAll(async () => {
  api = await FakeOpenAiApi.start({ apiKey: API_KEY });
  bot = await startTestApp({ env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: api.baseUrl } });
});
afterAll(async () => {
  await bot?.stop();
  await api?.close();
});

describe('the app with OPENAI_API_KEY set', () => {
  it('builds its understander on the one LLM client, reached at OPENAI_BASE_URL and counted in /metrics', async () => {
    api.reply({ json: { intent: 'quality', candidates: [{ slot: 'itemName', value: '', quote: '保温杯' }] } });
    const result = await bot.app.understander.understand('哎，就是那个保温杯的事，你们看着办吧', {}, NOW, 'Asia/Shanghai');
    expect(result.intent).toBe('quality');
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(sampleValue(metrics, 'intake_llm_calls_total', { outcome: 'ok', prompt: 'understanding/v1' })).toBe(1);
    expect(sampleValue(metrics, 'intake_understanding_assist_total', { outcome: 'assisted' })).toBe(1);
    expect(sampleValue(metrics, 'intake_llm_circuit', { state: 'closed' })).toBe(1);
  });
});
