import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupUploads } from '../../src/channels/console/upload-cleanup.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { heic, jpeg, png, webp } from '../support/images.ts';

describe('console photo uploads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded' });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const upload = (body: Buffer, headers: Record<string, string> = {}, chatId = 'up-1') =>
    fetch(`${t.url}/api/console/uploads?chatId=${encodeURIComponent(chatId)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body });
  const uploadDir = () => path.join(t.config.dataDir, 'uploads');
  const photo = png('first');

  it('stores a photo once by its content and answers with a reference', async () => {
    const first = await upload(photo, { 'x-file-name': encodeURIComponent('破损 broken.png') });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { ref: string; mimeType: string; sizeBytes: number; fileName: string };
    expect(body).toMatchObject({ mimeType: 'image/png', sizeBytes: photo.length, fileName: '破损 broken.png' });
    expect(body.ref).toMatch(/^upload:[0-9a-f]{64}$/);
    const again = (await (await upload(photo)).json()) as { ref: string };
    expect(again.ref).toBe(body.ref);
    expect(fs.readdirSync(uploadDir())).toEqual([body.ref.slice('upload:'.length)]);
  });

  it('accepts JPEG, WebP and HEIC by their structure', async () => {
    for (const [bytes, type] of [[jpeg(), 'image/jpeg'], [webp(), 'image/webp'], [heic(), 'image/heic']] as const) {
      const res = await upload(bytes);
      expect(res.status, type).toBe(201);
      expect(((await res.json()) as { mimeType: string }).mimeType).toBe(type);
    }
  });

  it('takes 10 concurrent uploads of the same photo without a collision', async () => {
    const same = png('concurrent');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => upload(same, {}, `up-c-${i % 3}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(fs.readdirSync(uploadDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // A photo over 10 MiB (413, nothing kept): test/security/request-gates.test.ts.
  it('refuses what is not a whole photo, whatever the client calls it', async () => {
    const before = fs.readdirSync(uploadDir()).length;
    const cases = [
      Buffer.from('#!/bin/sh\necho not a photo\n'),
      Buffer.concat([photo.subarray(0, 8), Buffer.alloc(2048, 7)]), // a PNG signature and nothing of a PNG
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(4096)]), // JPEG magic, random bytes
      photo.subarray(0, photo.length - 12), // no IEND: truncated
    ];
    for (const bytes of cases) expect((await upload(bytes, { 'content-type': 'image/png' })).status).toBe(415);
    expect(fs.readdirSync(uploadDir())).toHaveLength(before);
    expect((await upload(Buffer.alloc(0))).status).toBe(400);
  });

  it('needs the chat and a raw-body content type; a form or text post is refused', async () => {
    const noChat = await fetch(`${t.url}/api/console/uploads`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: photo });
    expect(noChat.status).toBe(400);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await upload(photo, { 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as { error: string }).error).toBe('http.unsupported_media_type');
    }
    expect((await upload(photo, { 'x-file-name': 'a%00b.png' })).status).toBe(400);
  });

  it('removes uploads nobody used after the retention period, and keeps those a draft holds', async () => {
    const unused = (await (await upload(png('unused'), {}, 'up-unused')).json()) as { ref: string };
    const held = (await (await upload(png('held'), {}, 'up-held')).json()) as { ref: string };
    await t.press('up-held', 'menu:quality');
    const kept = await t.send('up-held', 'photo', { attachments: [{ ref: held.ref, mimeType: 'image/png', sizeBytes: 1 }] });
    expect(kept.status).toBe(200);
    fs.writeFileSync(path.join(uploadDir(), `${'0'.repeat(64)}.dead.tmp`), 'left by a crash');
    const retentionMs = 7 * 24 * 3_600_000;
    const now = new Date();
    expect(await cleanupUploads({ sql: t.app.sql, uploadDir: uploadDir(), retentionMs, now })).toEqual({ records: 0, files: 0 });
    const weekLater = new Date(now.getTime() + retentionMs + 60_000);
    const removed = await cleanupUploads({ sql: t.app.sql, uploadDir: uploadDir(), retentionMs, now: weekLater });
    expect(removed.records).toBeGreaterThan(0);
    const files = fs.readdirSync(uploadDir());
    expect(files).not.toContain(unused.ref.slice('upload:'.length));
    expect(files).toContain(held.ref.slice('upload:'.length));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const rows = await t.app.prisma.upload.findMany({ where: { sha256: { in: [unused.ref.slice(7), held.ref.slice(7)] } }, select: { sha256: true } });
    expect(rows.map((r) => r.sha256)).toEqual([held.ref.slice(7)]);
  });
});
