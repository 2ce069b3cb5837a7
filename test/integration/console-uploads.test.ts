import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness.ts';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);

describe('console photo uploads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded' });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const upload = (body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/console/uploads`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body });
  const uploadDir = () => path.join(t.config.dataDir, 'uploads');

  it('stores a photo once by its content and answers with a reference', async () => {
    const first = await upload(png, { 'x-file-name': encodeURIComponent('破损 broken.png') });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { ref: string; mimeType: string; sizeBytes: number; fileName: string };
    expect(body).toMatchObject({ mimeType: 'image/png', sizeBytes: png.length, fileName: '破损 broken.png' });
    expect(body.ref).toMatch(/^upload:[0-9a-f]{64}$/);
    const again = (await (await upload(png)).json()) as { ref: string };
    expect(again.ref).toBe(body.ref);
    expect(fs.readdirSync(uploadDir())).toEqual([body.ref.slice('upload:'.length)]);
  });

  it('refuses a 30 MB photo with 413 and keeps nothing of it', async () => {
    const before = fs.readdirSync(uploadDir()).length;
    const res = await upload(Buffer.concat([png, Buffer.alloc(30 * 1024 * 1024)]));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('10 MiB');
    expect(fs.readdirSync(uploadDir())).toHaveLength(before);
  });

  it('refuses what is not a photo, whatever the client calls it', async () => {
    const res = await upload(Buffer.from('#!/bin/sh\necho not a photo\n'), { 'content-type': 'image/png' });
    expect(res.status).toBe(415);
    expect((await upload(Buffer.alloc(0))).status).toBe(400);
  });
});
