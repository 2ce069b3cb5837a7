import fs from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

const CHROMIUM = '/usr/bin/chromium';
// As in console-page.browser.test.ts: never skipped under CI, skipped on a machine without Chromium.
const runBrowser = fs.existsSync(CHROMIUM) || process.env.CI === 'true';
const SHOTS = 'test-results';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SMALL = { width: 360, height: 640 };
type Size = typeof DESKTOP;
const label = (s: Size) => `${s.width}x${s.height}`;
const narrow = (s: Size) => s.width < 1000;

/** A real RGB PNG big enough to see as a thumbnail (a two-colour gradient). */
function photo(width = 96, height = 64): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([40 + x * 2, 90 + y * 2, 200], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe.skipIf(!runBrowser || !runsBackendIndependentTests)('the console panes (merchant chat, staff desk, manager view) in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let complaint: string;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // A complaint (over HTTP, as in desk-console.test.ts) for the manager pane.
    await t.send('panes-complaint', '我要投诉客服小王，态度很差');
    await t.send('panes-complaint', '小王');
    const summary = await t.send('panes-complaint', '11月24日下午打电话时对我大喊大叫');
    const confirm = summary.replies.flatMap((r) => r.buttons ?? []).find((b) => b.id.startsWith('flow:confirm:'));
    const opened = await t.press('panes-complaint', confirm!.id);
    complaint = /CP-\d{8}-\d{4}/.exec(opened.replies.map((r) => r.text).join('\n'))![0];
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function open(size: Size, chatId: string, locale = 'en-US'): Promise<Page> {
    const page = await browser.newPage({ viewport: size, locale });
    // The page keeps its chat id in localStorage: start each test on its own chat.
    await page.addInitScript(`localStorage.setItem('chatId', ${JSON.stringify(chatId)})`);
    await page.goto(t.url);
    return page;
  }
  /** On a phone one pane shows at a time: pick it in the tab bar. On a desktop all three show. */
  async function pane(page: Page, size: Size, name: 'chat' | 'staff' | 'manager') {
    if (narrow(size)) await page.click(`.tabs [data-pane="${name}"]`);
    await page.locator(`#pane-${name}`).waitFor();
  }
  async function insideViewport(page: Page, selector: string, size: Size) {
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.y, `${selector} top`).toBeGreaterThanOrEqual(0);
    expect(box!.x, `${selector} left`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${selector} bottom at ${label(size)}`).toBeLessThanOrEqual(size.height);
    expect(box!.x + box!.width, `${selector} right at ${label(size)}`).toBeLessThanOrEqual(size.width);
    return box!;
  }
  /** Sends a line and waits for at least one more bot bubble. */
  async function say(page: Page, text: string) {
    const before = await page.locator('.msg.bot').count();
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot').nth(before).waitFor();
  }

  for (const size of [DESKTOP, PHONE, SMALL]) {
    it(`at ${label(size)} the header, the chat and the composer fit the screen, with a welcome menu`, async () => {
      const page = await open(size, `panes-layout-${size.width}`);
      const welcome = page.locator('.msg.welcome');
      await welcome.waitFor();
      expect(await welcome.locator('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')))).toEqual([
        'menu:quality', 'menu:return', 'menu:exchange', 'menu:status', 'menu:complaint', 'menu:consult', 'menu:help',
      ]);
      await insideViewport(page, '#text', size);
      const send = await insideViewport(page, '#sendButton', size);
      expect(send.height).toBeGreaterThanOrEqual(44);
      expect((await page.locator('.msg.welcome button').first().boundingBox())!.height).toBeGreaterThanOrEqual(44);
      // The header is one row above the chat, never over it.
      const header = (await page.locator('header.top').boundingBox())!;
      expect(header.y + header.height).toBeLessThanOrEqual((await page.locator('#log').boundingBox())!.y + 1);
      // The browser's language until one is picked; the chat id lives in the ⚙ panel.
      expect(await page.textContent('#sendButton')).toBe('Send');
      expect(await page.locator('#chatId').isVisible()).toBe(false);
      if (narrow(size)) {
        expect(await page.locator('#pane-staff').isVisible()).toBe(false);
        await insideViewport(page, '.tabs [data-pane="manager"]', size);
      } else {
        expect(await page.locator('#pane-staff').isVisible()).toBe(true);
        expect(await page.locator('#pane-manager').isVisible()).toBe(true);
      }
      await page.screenshot({ path: `${SHOTS}/panes-welcome-${label(size)}.png` });
      await page.click('#gear');
      await insideViewport(page, '#chatId', size);
      await insideViewport(page, '#token', size);
      await page.screenshot({ path: `${SHOTS}/panes-settings-${label(size)}.png` });
      await page.close();
    });
  }

  it('follows a Chinese browser until a language is picked', async () => {
    const page = await open(PHONE, 'panes-lang-zh', 'zh-CN');
    expect(await page.textContent('#sendButton')).toBe('发送');
    expect(await page.locator('.msg.welcome button').first().textContent()).toBe('质量问题');
    await page.click('#gear');
    await page.selectOption('#lang', 'en');
    expect(await page.textContent('#sendButton')).toBe('Send');
    await page.close();
  });

  for (const [i, size] of [DESKTOP, PHONE].entries()) {
    it(`at ${label(size)}: a merchant's return reaches the staff desk; approval and a reply reach the merchant without a reload`, async () => {
      const page = await open(size, `panes-return-${size.width}`);
      await say(page, 'I want to return an item');
      await say(page, `SO2026112${i}-00${i + 1}`);
      await say(page, 'Blue hoodie');
      await say(page, '1');
      await say(page, 'yesterday');
      await say(page, 'Changed my mind');
      const confirm = page.locator('.msg.bot button[data-action^="flow:confirm:"]').last();
      expect(await confirm.getAttribute('class')).toContain('primary');
      expect(await page.locator('.msg.bot button[data-action="flow:cancel"]').last().getAttribute('class')).not.toContain('primary');
      await page.screenshot({ path: `${SHOTS}/panes-confirm-${label(size)}.png` });
      await confirm.click();
      const submitted = page.locator('.msg.bot', { hasText: /RT-\d{8}-\d{4}/ }).last();
      await submitted.waitFor();
      const number = /RT-\d{8}-\d{4}/.exec((await submitted.textContent())!)![0];
      // The pressed button's label stays in the chat, as the merchant's.
      expect(await page.locator('.msg.merchant.echo').last().textContent()).toBe('Confirm and submit');

      // Staff: the case card with its buttons (polled in, no reload).
      await pane(page, size, 'staff');
      const card = page.locator('#staffFeed .card', { has: page.locator('h3', { hasText: number }) });
      await card.waitFor();
      const approve = card.locator(`button[data-action="desk:approve:${number}"]`);
      const reject = card.locator(`button[data-action="desk:reject:${number}"]`);
      await approve.waitFor();
      expect(await approve.getAttribute('class')).toContain('primary');
      expect(await reject.getAttribute('class')).toContain('danger');
      expect(await card.locator('.deadline').textContent()).toContain('3.2.2');

      // Reject needs a reason: asked inline, and cancelling sends nothing.
      await reject.click();
      await card.locator('form.inline textarea[name="reason"]').waitFor();
      await page.screenshot({ path: `${SHOTS}/panes-staff-reject-form-${label(size)}.png` });
      await card.locator('form.inline button', { hasText: 'Cancel' }).click();
      expect(await card.locator('form.inline').count()).toBe(0);

      await approve.click();
      // The card is updated in place: the next step (a return address) asks for its text inline.
      const address = card.locator(`button[data-action="desk:giveReturnAddress:${number}"]`);
      await address.waitFor();
      expect(await card.locator(`button[data-action="desk:approve:${number}"]`).count()).toBe(0);
      await address.click();
      await card.locator('form.inline textarea[name="address"]').fill('No. 1 Warehouse Road, Hangzhou');
      await card.locator('form.inline button[type="submit"]').click();
      await card.locator('dd', { hasText: 'Warehouse Road' }).waitFor();

      // A reply under the card reaches the merchant, and shows in the card's thread.
      await card.locator('.reply input').fill('Please pack it in the original box');
      await card.locator('.reply input').press('Enter');
      await card.locator('.thread', { hasText: 'original box' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/panes-staff-${label(size)}.png` });

      // The merchant sees the approval, the address and the reply: all came by polling.
      await pane(page, size, 'chat');
      await page.locator('.msg.bot', { hasText: `${number} has been approved` }).waitFor();
      await page.locator('.msg.bot', { hasText: 'Warehouse Road' }).waitFor();
      await page.locator('.msg.bot', { hasText: 'original box' }).waitFor();
      // Notices sit after the confirmation, in the order they happened.
      const texts = await page.locator('.msg.bot').allTextContents();
      const at = (s: string) => texts.findIndex((x) => x.includes(s));
      expect(at('has been approved')).toBeGreaterThan(at(`number is ${number}`));
      expect(at('original box')).toBeGreaterThan(at('has been approved'));
      await page.screenshot({ path: `${SHOTS}/panes-chat-notices-${label(size)}.png` });
      await page.close();
    });

    it(`at ${label(size)}: the manager pane shows the complaint card, the SLA board and the dead letters`, async () => {
      const page = await open(size, `panes-manager-${size.width}`);
      await pane(page, size, 'manager');
      const card = page.locator('#managerFeed .card', { has: page.locator('h3', { hasText: complaint }) });
      await card.locator(`button[data-action="desk:startReview:${complaint}"]`).waitFor();
      await page.locator('#board .row', { hasText: complaint }).waitFor();
      await page.locator('#dead .empty').waitFor();
      // The board is sorted by deadline.
      const due = await page.locator('#board .row').count();
      expect(due).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}/panes-manager-${label(size)}.png`, fullPage: false });
      await page.close();
    });
  }

  it('at 390 px the manager pane shows the daily summary (with the complaint of the day) and the quality section, within the screen width', async () => {
    const page = await open(PHONE, 'panes-reports');
    await pane(page, PHONE, 'manager');
    const summary = page.locator('#summary .card');
    await summary.waitFor();
    await expect.poll(async () => page.locator('#summary').innerText()).toMatch(/Complaints\s+[1-9]/);
    expect(await page.locator('h2[data-i18n="summary"]').innerText()).toMatch(/daily summary/i);
    await page.locator('#quality .card').waitFor();
    expect(await page.locator('#quality').innerText()).toContain('Problem clusters');
    const box = await summary.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/panes-manager-reports-${label(PHONE)}.png` });
    await page.close();
  });

  it('a handoff: the staff pane lists the chat, its card relays the merchant, a reply reaches the merchant, hand back ends it', async () => {
    const page = await open(DESKTOP, 'panes-handoff');
    await say(page, '转人工');
    const card = page.locator('#staffFeed .card', { hasText: '请求人工客服' });
    await card.waitFor();
    await page.locator('#handoffs .row').first().waitFor();
    // While a person holds the chat the merchant's words join that card's thread.
    await page.fill('#text', '订单一直没退款');
    await page.press('#text', 'Enter');
    await card.locator('.thread', { hasText: '订单一直没退款' }).waitFor();
    await card.locator('.reply input').fill('您好，我是客服小李');
    await card.locator('.reply button').click();
    await page.locator('.msg.bot', { hasText: '我是客服小李' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panes-handoff-${label(DESKTOP)}.png` });
    await card.locator('button[data-action^="desk:handback:"]').click();
    await page.locator('.msg.bot', { hasText: '人工客服已结束' }).waitFor();
    await page.locator('#handoffs .empty').waitFor();
    await page.close();
  });

  it('shows what the desk answers to a refused press (a stale button) in the card', async () => {
    for (const text of ['I want to return an item', 'SO20261128-008', 'Red mug', '2', 'yesterday']) await t.send('panes-stale', text);
    const summary = await t.send('panes-stale', 'Broken handle');
    const confirm = summary.replies.flatMap((r) => r.buttons ?? []).find((b) => b.id.startsWith('flow:confirm:'));
    const number = /RT-\d{8}-\d{4}/.exec((await t.press('panes-stale', confirm!.id)).replies.map((r) => r.text).join('\n'))![0];

    const page = await browser.newPage({ viewport: DESKTOP, locale: 'en-US' });
    // This page's staff feed stays as first loaded, so the claim button is still there after a claim.
    let first: string | undefined;
    await page.route('**/api/desk/staff/feed', async (route) => {
      first ??= await (await route.fetch()).text();
      await route.fulfill({ body: first, contentType: 'application/json' });
    });
    await page.goto(t.url);
    const claim = page.locator('#staffFeed .card', { has: page.locator('h3', { hasText: number }) }).locator(`button[data-action="desk:claim:${number}"]`);
    await claim.click();
    await claim.click();
    await page.locator('#staffFeed .card .thread .flash', { hasText: `${number} 已有人认领` }).waitFor();
    await page.close();
  });

  it('marks deadlines already passed on the SLA board as overdue', async () => {
    // Returns (over HTTP) start the review deadline; approving one ends it (approved: no running deadline).
    const openReturn = async (chat: string) => {
      for (const text of ['I want to return an item', 'SO20261129-009', 'Grey scarf', '1', 'yesterday']) await t.send(chat, text);
      const summary = await t.send(chat, 'Too short');
      const confirm = summary.replies.flatMap((r) => r.buttons ?? []).find((b) => b.id.startsWith('flow:confirm:'));
      return /RT-\d{8}-\d{4}/.exec((await t.press(chat, confirm!.id)).replies.map((r) => r.text).join('\n'))![0];
    };
    const number = await openReturn('panes-overdue');
    const approved = await openReturn('panes-approved');
    const approve = await fetch(`${t.url}/api/desk/staff/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actionId: `desk:approve:${approved}` }) });
    expect(approve.status).toBe(200);

    const page = await browser.newPage({ viewport: DESKTOP, locale: 'en-US' });
    // The board compares with the browser's clock: set it a year ahead (timers keep running).
    await page.clock.setFixedTime(new Date(Date.now() + 365 * 24 * 3600 * 1000));
    await page.goto(t.url);
    const row = page.locator('#board .row', { hasText: number });
    await row.locator('.badge', { hasText: 'overdue' }).waitFor();
    expect(await row.getAttribute('class')).toContain('overdue');
    // A case without a running deadline is never overdue.
    expect(await page.locator('#board .row', { hasText: approved }).getAttribute('class')).not.toContain('overdue');
    await page.screenshot({ path: `${SHOTS}/panes-board-overdue.png` });
    await page.close();
  });

  it('shows a photo the merchant sent as a thumbnail, and a refused upload as an error on its bubble with a retry', async () => {
    const page = await open(PHONE, 'panes-upload');
    await page.locator('#photo').setInputFiles({ name: 'scratch.png', mimeType: 'image/png', buffer: photo() });
    await page.locator('.msg.bot').first().waitFor();
    const sent = page.locator('.msg.merchant', { hasText: 'scratch.png' });
    expect(await sent.locator('img.thumb').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(96);
    expect(await sent.getAttribute('class')).not.toContain('failed');

    await page.locator('#photo').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo, just some text\n') });
    const failed = page.locator('.msg.merchant.failed', { hasText: 'notes.jpg' });
    await failed.waitFor();
    expect(await failed.locator('.err').textContent()).toMatch(/^Upload failed: .*JPEG/);
    await failed.locator('button.retry').waitFor();
    await insideViewport(page, '#sendButton', PHONE);
    await page.screenshot({ path: `${SHOTS}/panes-upload-${label(PHONE)}.png` });
    // Retrying a file the server refuses fails the same way, on the same bubble.
    await failed.locator('button.retry').click();
    await page.locator('.msg.merchant.failed .err').waitFor();
    expect(await page.locator('.msg.merchant.failed').count()).toBe(1);
    // Or it is taken away.
    await failed.locator('button', { hasText: 'Remove' }).click();
    expect(await page.locator('.msg.merchant.failed').count()).toBe(0);
    await page.close();
  });

  it('polls for the replies after a 202 (replies not ready within the timeout) until they show', async () => {
    const page = await open(PHONE, 'panes-accepted');
    // As when the bot is slow: the page is told 202, and the next two transcript loads do not have the reply yet.
    let hidden = 0;
    await page.route('**/api/console/messages', async (route) => {
      const real = (await (await route.fetch()).json()) as { inboundId: string };
      hidden = 2;
      await route.fulfill({ status: 202, json: { inboundId: real.inboundId, duplicate: false, status: 'accepted', replies: [] } });
    });
    await page.route('**/api/console/chats/*/messages', async (route) => {
      const real = (await (await route.fetch()).json()) as { messages: Array<{ from: string; text: string }> };
      if (hidden > 0) {
        hidden -= 1;
        const asked = real.messages.findLastIndex((m) => m.from === 'merchant');
        real.messages = real.messages.filter((m, i) => i <= asked || m.from !== 'bot');
      }
      await route.fulfill({ json: real });
    });
    await page.fill('#text', 'help');
    await page.press('#text', 'Enter');
    await page.locator('.note', { hasText: 'reply will appear shortly' }).waitFor();
    await page.locator('.msg.bot', { hasText: 'after-sales assistant' }).waitFor();
    await page.locator('.note').waitFor({ state: 'detached' });
    expect(hidden).toBe(0);
    expect(await page.locator('.msg.merchant').last().textContent()).toBe('help');
    await page.close();
  });
});
