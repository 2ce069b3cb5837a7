import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { png } from '../support/images.ts';

interface FeedItem {
  id: string;
  text: string;
  buttons: Array<{ id: string; label: string }> | null;
  from: 'bot' | 'staff';
}

// The console's staff and manager desks over HTTP, on the real app: handoff to a person and back,
// and complaints that only managers see (4.3.2).
describe('console desks: handoff and complaints', () => {
  let t: TestApp;
  const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${t.url}${path}`)).json()) as T;
  const postJson = async (path: string, body: unknown) => {
    const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { replies?: Array<{ text: string }> } };
  };
  const feed = async (desk: 'staff' | 'manager') => (await getJson<{ messages: FeedItem[] }>(`/api/desk/${desk}/feed`)).messages;
  const texts = (replies: Array<{ text: string }> | undefined) => (replies ?? []).map((r) => r.text).join('\n');

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('转人工 mid-draft: staff get a card, the bot relays and stays quiet, staff reply and hand back, the draft goes on', async () => {
    const chat = 'handoff-1';
    expect(texts((await t.send(chat, '我要退货')).replies)).toContain('请提供订单号');
    expect(texts((await t.send(chat, '转人工')).replies)).toContain('已为您转接人工客服');

    const card = (await feed('staff')).find((m) => m.text.includes('请求人工客服'));
    expect(card, 'a handoff card on the staff desk').toBeDefined();
    expect(card!.text).toContain('我要退货');
    const handback = card!.buttons?.find((b) => b.id.startsWith('desk:handback:'));
    expect(handback).toBeDefined();

    // While people hold the chat the bot says nothing and the words reach the desk.
    const quiet = await t.send(chat, '你好，有人吗？订单一直没退款');
    expect(quiet.status).toBe(200);
    expect(quiet.replies).toEqual([]);
    expect((await feed('staff')).some((m) => m.text.includes('订单一直没退款'))).toBe(true);

    // A staff reply under the card reaches the merchant.
    expect((await postJson('/api/desk/staff/messages', { text: '您好，我是客服小李，请问订单号？', inReplyTo: card!.id })).status).toBe(200);
    await expect.poll(async () => JSON.stringify(await t.messages(chat)), { timeout: 10_000 }).toContain('我是客服小李');

    // Hand back: the merchant is told, and the unfinished return continues where it was.
    expect((await postJson('/api/desk/staff/actions', { actionId: handback!.id })).status).toBe(200);
    await expect.poll(async () => JSON.stringify(await t.messages(chat)), { timeout: 10_000 }).toContain('人工客服已结束');
    expect(texts((await t.send(chat, 'SO20261120-001')).replies)).toContain('是哪件商品');
  });

  // That it never reaches the staff desk, feed or board: test/security/desk-access.test.ts.
  it('a complaint reaches the manager desk, where a manager takes it up', async () => {
    const chat = 'complaint-1';
    await t.send(chat, '我要投诉客服小王，态度很差');
    await t.send(chat, '小王');
    const summary = await t.send(chat, '11月24日下午打电话时对我大喊大叫');
    const confirm = summary.replies.flatMap((r) => r.buttons ?? []).find((b) => b.id.startsWith('flow:confirm:'));
    expect(confirm, texts(summary.replies)).toBeDefined();
    const opened = await t.press(chat, confirm!.id);
    const number = /CP-\d{8}-\d{4}/.exec(texts(opened.replies))?.[0];
    expect(number).toBeDefined();
    await expect.poll(async () => (await feed('manager')).some((m) => m.text.includes(number!)), { timeout: 10_000 }).toBe(true);

    // The manager desk acts on it from its card (4.3.2).
    const managerCard = (await feed('manager')).find((m) => m.text.includes(number!))!;
    expect(managerCard.buttons?.map((b) => b.id)).toContain(`desk:startReview:${number}`);
    expect((await postJson('/api/desk/manager/actions', { actionId: `desk:startReview:${number}` })).status).toBe(200);
    await expect.poll(async () => JSON.stringify(await t.messages(chat)), { timeout: 10_000 }).toContain('已由经理受理');
  });

  it('lists open cases by their next deadline for the SLA board', async () => {
    const board = await getJson<{ cases: Array<{ number: string; step: string | null; dueAt: string | null }> }>('/api/desk/cases');
    expect(board.cases.length).toBeGreaterThan(0);
    const due = board.cases.map((c) => c.dueAt).filter((d): d is string => d !== null);
    expect([...due].sort()).toEqual(due);
  });

  it('the manager reports: today\'s summary counts the complaint opened above; the quality evaluation covers the last 7 days', async () => {
    const reports = await getJson<{ summary: { day: string; newCases: { byType: Record<string, number> }; complaints: number; openCases: number }; quality: { period: { from: string; to: string }; clusters: unknown[]; actions: unknown[] } }>('/api/desk/reports');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(reports.summary.day).toBe(today);
    expect(reports.summary.newCases.byType.complaint).toBeGreaterThanOrEqual(1);
    expect(reports.summary.complaints).toBeGreaterThanOrEqual(1);
    expect(reports.summary.openCases).toBeGreaterThanOrEqual(1);
    expect(reports.quality.period.to > today && reports.quality.period.from < today).toBe(true);
    expect(reports.quality.actions).toEqual([]);
  });

  it('a quality report with a photo: the staff card links the photo, signed; the link is refused once tampered with', async () => {
    const chat = 'photo-1';
    await t.send(chat, '我买的杯子坏了');
    await t.send(chat, '订单号：JD2026112008151');
    await t.send(chat, '保温杯');
    await t.send(chat, '两件');
    await t.press(chat, 'cat:damaged');
    await t.send(chat, '杯身有裂纹，倒水会漏');
    const photo = png();
    const upload = await fetch(`${t.url}/api/console/uploads?chatId=${chat}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'crack.png' }, body: photo });
    expect(upload.status).toBe(201);
    const ref = (await upload.json()) as { ref: string; mimeType: string; sizeBytes: number };
    expect(texts((await t.send(chat, '照片', { attachments: [{ ref: ref.ref, mimeType: ref.mimeType, sizeBytes: ref.sizeBytes }] })).replies)).toContain('已收到 1 张照片');
    await t.press(chat, 'flow:skip');
    const summary = await t.press(chat, 'remedy:replace');
    const confirm = summary.replies.flatMap((r) => r.buttons ?? []).find((b) => b.id.startsWith('flow:confirm:'))!;
    const number = /QP-\d{8}-\d{4}/.exec(texts((await t.press(chat, confirm.id)).replies))![0];

    await expect.poll(async () => (await feed('staff')).some((m) => m.text.includes(number)), { timeout: 10_000 }).toBe(true);
    const items = (await feed('staff')) as Array<FeedItem & { payload: { card?: { photos: Array<{ url?: string }> }; photo?: { url?: string }; threadOf?: string } }>;
    const item = items.find((m) => m.text.includes(number) && m.payload.card)!;
    const url = item.payload.card?.photos[0]?.url;
    expect(url).toMatch(/^\/media\/[0-9a-f]{64}\?exp=\d+&sig=/);
    // The photo is also a post of its own in the card's thread, which the desk shows inline.
    expect(items.find((m) => m.payload.photo)?.payload.photo?.url).toBe(url);
    const served = await fetch(`${t.url}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);
    // Change the signature's first character to a different one (replacing it with a fixed letter is no change 1 time in 64).
    expect((await fetch(`${t.url}${url!.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'x' ? 'y' : 'x'}`)}`)).status).toBe(404);
    expect((await fetch(`${t.url}${url!.replace(/exp=(\d)/, (_m, d: string) => `exp=${d === '9' ? '8' : '9'}`)}`)).status).toBe(404);
    expect((await fetch(`${t.url}${url!.split('?')[0]}`)).status).toBe(404);
  });
});
