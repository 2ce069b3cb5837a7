import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../src/store/prisma.ts';
import { runCli, type CliRun } from '../support/cli-process.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-answers-'));

/** Runs `npm run --silent cli -- check-answers …` with no database unless the test gives one. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli('check-answers', args, { unset: ['DATABASE_URL', 'REDIS_URL'], env });
}

function input(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

const parse = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; verdict: string; violations: Array<{ rule: string; detail: string }> });

describe.skipIf(!runsBackendIndependentTests)('npm run cli -- check-answers', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one verdict per line, reading figures and citations from the answer text, and exits 0 even when blocking', { timeout: 60_000 }, async () => {
    const file = input('mixed.jsonl', [
      { id: 'ok', question: '退货要在几天内申请？', answer: '收到商品后七个工作日内联系我们申请退换货（第3.2.1条）。' },
      { id: 'hours', question: '审核要多久', answer: '我们会在48小时内审核（第3.2.2条）。', lang: 'zh' },
      { id: 'en-lang', question: '退款多久到账', answer: 'Within 3 working days after the returned goods arrive (clause 3.2.4).' },
      { id: 'link', question: 'Where is the guide?', answer: 'See https://support.example.com/returns and https://bit.ly/x for returns.', lang: 'en' },
    ]);
    const { code, stdout, stderr } = await cli([file, '--allow-link', 'https://support.example.com/']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = parse(stdout);
    expect(out.map((o) => [o.id, o.verdict])).toEqual([['ok', 'pass'], ['hours', 'block'], ['en-lang', 'block'], ['link', 'block']]);
    expect(out[0]?.violations).toEqual([]);
    expect(out[1]?.violations.map((v) => v.rule)).toEqual(['figures.match_policy', 'citations.valid']);
    expect(new Set(out[2]?.violations.map((v) => v.rule))).toEqual(new Set(['language.matches']));
    expect(out[3]?.violations).toEqual([{ rule: 'links.allowed', detail: 'link not allowed: https://bit.ly/x' }]);
  });

  it('treats a merchant\'s numbers as foreign when no database is configured', { timeout: 60_000 }, async () => {
    const file = input('no-db.jsonl', [{ id: 'c', question: '我的退货审核了吗', answer: '您的退货RT-20261120-0003正在审核中。', merchantId: 'm-1' }]);
    const { code, stdout } = await cli([file]);
    expect(code).toBe(0);
    expect(parse(stdout)[0]?.violations.map((v) => v.rule)).toEqual(['privacy.own_data_only']);
  });

  it('exits 2 with the line number when a line is not JSON, and writes nothing', { timeout: 60_000 }, async () => {
    const file = input('broken.jsonl', [{ id: 'a', question: 'q', answer: 'a' }, '', '{"id": "b", "question": '] );
    const { code, stdout, stderr } = await cli([file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('broken.jsonl:3: not JSON');
  });

  it('exits 2 for a line without an answer, and for a missing file', { timeout: 60_000 }, async () => {
    const file = input('no-answer.jsonl', [{ id: 'a', question: 'q' }]);
    const missing = await cli([path.join(dir, 'missing.jsonl')]);
    const noAnswer = await cli([file]);
    expect([noAnswer.code, missing.code]).toEqual([2, 2]);
    expect(noAnswer.stderr).toContain('no-answer.jsonl:1: answer');
  });

  describe('with a database configured', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let merchantId = '';
    beforeAll(async () => {
      db = await createTestDatabase();
      const prisma = createPrismaClient(db.url, 2);
      try {
        const merchant = await prisma.merchant.create({ data: {} });
        const chat = await prisma.chat.create({ data: { platform: 'console', externalChatId: `cli-${merchant.id}`, merchantId: merchant.id } });
        await prisma.case.create({ data: { number: 'RT-20261120-0003', type: 'return', status: 'open', merchantId: merchant.id, chatId: chat.id, orderNumber: 'DD20261118001' } });
        merchantId = merchant.id;
      } finally {
        await prisma.$disconnect();
      }
    }, 60_000);
    afterAll(async () => db.drop());

    it('looks the merchant\'s own case and order numbers up, and still blocks another merchant\'s', async () => {
      const file = input('db.jsonl', [
        { id: 'own', question: '我的退货审核了吗', answer: '您的退货RT-20261120-0003（订单DD20261118001）正在审核中。', merchantId },
        { id: 'other', question: '我的退货审核了吗', answer: '您的退货RT-20261119-0007正在审核中。', merchantId },
      ]);
      const { code, stdout, stderr } = await cli([file], { DATABASE_URL: db.url });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(parse(stdout).map((o) => [o.id, o.verdict])).toEqual([['own', 'pass'], ['other', 'block']]);
    }, 60_000);
  });
});
