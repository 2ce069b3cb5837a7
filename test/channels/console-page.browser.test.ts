import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { png } from '../support/images.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

const CHROMIUM = '/usr/bin/chromium';
// .ci/run installs Debian's chromium, so under CI=true this never skips (a missing browser fails the
// run). On a developer machine without it the browser check is skipped; everything it drives is also
// covered over HTTP by test/integration/console-pipeline.test.ts.
const runBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!runBrowser || !runsBackendIndependentTests)('the console page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('lets a merchant chat, press a button, and find the conversation again after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(t.url);
    // No language picked: the bot answers in the language the merchant writes.
    await page.fill('#text', 'hello');
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot').first().waitFor();
    expect(await page.locator('.msg.bot').first().textContent()).toContain('after-sales assistant');

    await page.locator('.buttons button', { hasText: 'Return' }).first().click();
    await page.locator('.msg.bot', { hasText: 'order number' }).waitFor();

    // Picking a language in the page (in the ⚙ settings) pins it, whatever the merchant writes next.
    await page.click('#gear');
    await page.selectOption('#lang', 'zh-CN');
    await page.click('#text');
    await page.fill('#text', 'my cases');
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot', { hasText: '退货' }).last().waitFor();

    const chatId = await page.inputValue('#chatId');
    await page.reload();
    await page.locator('.msg.bot', { hasText: 'order number' }).waitFor();
    expect(await page.inputValue('#chatId')).toBe(chatId);
    expect(await page.locator('.msg.merchant').first().textContent()).toBe('hello');
    await page.screenshot({ path: 'test-results/console-page.png' });
  });

  it('asks once for the console token when the API requires it, and uploads a photo with it', async () => {
    const token = 'browser-console-token-0123456789';
    const guarded = await startTestApp({ env: { CONSOLE_TOKEN: token } });
    try {
      const page = await browser.newPage();
      let asked = 0;
      page.on('dialog', (dialog) => {
        asked += 1;
        void dialog.accept(token);
      });
      await page.goto(guarded.url);
      await page.fill('#text', 'hello');
      await page.press('#text', 'Enter');
      await page.locator('.msg.bot').first().waitFor();
      await page.locator('#photo').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: png() });
      await page.locator('.msg.bot').nth(1).waitFor();
      expect(await page.locator('.note').count()).toBe(0);
      expect(asked).toBe(1);
      expect(await guarded.app.prisma.upload.count()).toBe(1);
    } finally {
      await guarded.stop();
    }
  });
});
