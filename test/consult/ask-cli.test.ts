import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli-process.ts';
import { FakeOpenAiApi } from '../support/fake-openai-api.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

/** Runs `npm run --silent cli -- ask …`: offline and without a database unless `env` sets a key. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli('ask', args, { unset: ['DATABASE_URL', 'REDIS_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL'], env });
}

describe.skipIf(!runsBackendIndependentTests)('npm run cli -- ask', () => {
  const API_KEY = 'sk-test-ask-cli';
  let api: FakeOpenAiApi;
  beforeAll(async () => {
    api = await FakeOpenAiApi.start({ apiKey: API_KEY });
  });
  afterAll(async () => {
    await api.close();
  });

  it('prints the offline answer, its citations and the checks', { timeout: 120_000 }, async () => {
    const { code, stdout } = await cli(['退货要在几天内申请？']);
    expect(code).toBe(0);
    expect(stdout).toContain('收到商品后如需退货，请在7个工作日内联系我们提出申请。');
    expect(stdout).toContain('citations: 3.2.1 商品退换货服务流程');
    expect(stdout).toContain('source: offline');
    expect(stdout).toContain('check: pass');
  });

  it('--json prints one object with the structured answer, and --lang sets the answer language', { timeout: 120_000 }, async () => {
    const { code, stdout } = await cli(['How long until I get my refund?', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      lang: 'en',
      topic: 'refund',
      faq: { id: 'refund_time' },
      answer: { text: 'We complete the refund within 3 working days after the returned goods arrive.', clauseIds: ['3.2.4'], figures: [{ value: 3, unit: 'working_days', quote: '3 working days' }], source: 'offline' },
      citations: [{ clauseId: '3.2.4', title: 'Procedure for product returns and exchanges' }],
      check: { verdict: 'pass', violations: [] },
      modelCalls: 0,
    });
    const zh = JSON.parse((await cli(['refund how long', '--lang', 'zh', '--json'])).stdout) as { answer: { lang: string; text: string } };
    expect(zh.answer.lang).toBe('zh');
    expect(zh.answer.text).toContain('3个工作日');
  });

  it('asks the model when OPENAI_API_KEY is set, and still shows only a checked answer', { timeout: 120_000 }, async () => {
    const lie = { text: 'Refunds take 10 working days.', lang: 'en', clauseIds: ['3.2.4'], figures: [{ value: 10, unit: 'working_days', quote: '10 working days' }], needsPerson: false };
    api.reply({ json: lie }, { json: lie });
    const { code, stdout } = await cli(['How long until I get my refund?', '--json'], { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: api.baseUrl });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { answer: { source: string; text: string }; modelCalls: number; steps: Array<{ outcome: string; violations?: string[] }>; check: { verdict: string } };
    expect(api.calls).toHaveLength(2);
    expect(out.modelCalls).toBe(2);
    expect(out.steps[0]?.violations).toContain('figures.match_policy');
    expect(out.answer.source).toBe('safe');
    expect(out.answer.text).not.toContain('10 working days');
    expect(out.check.verdict).toBe('pass');
  });

  it('refuses a missing question or an unknown language with exit 2', { timeout: 120_000 }, async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['退货', '--lang', 'fr'])).code).toBe(2);
  });
});
