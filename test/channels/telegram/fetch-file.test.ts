import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telegramHarness, type TelegramHarness } from '../../support/telegram-harness.ts';

let h: TelegramHarness;
beforeEach(async () => {
  h = await telegramHarness();
});
afterEach(async () => {
  await h.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  return (error as { code?: string } | null)?.code ?? 'no error';
}

describe('TelegramChannel.fetchFile', () => {
  it('downloads a file through getFile and the file route', async () => {
    const bytes = randomBytes(100_000);
    const fileId = h.fake.addFile(bytes, { path: 'photos/file_7.jpg' });
    const result = await h.channel.fetchFile({ fileId }, 1024 * 1024);
    expect(result.bytes.equals(bytes)).toBe(true);
    expect(result.mimeType).toBe('image/jpeg');
    expect(h.fake.downloads).toEqual(['photos/file_7.jpg']);
  });

  it('keeps the update\'s type hint over the extension', async () => {
    const fileId = h.fake.addFile(randomBytes(10), { path: 'documents/file_1.HEIC' });
    expect((await h.channel.fetchFile({ fileId, mimeType: 'image/heic' }, 100)).mimeType).toBe('image/heic');
  });

  it('refuses by the size the update claimed, before asking Telegram', async () => {
    const fileId = h.fake.addFile(randomBytes(10));
    expect(await codeOf(h.channel.fetchFile({ fileId, sizeBytes: 11 * 1024 * 1024 }, 10 * 1024 * 1024))).toBe('file.too_large');
    expect(h.fake.calls).toHaveLength(0);
  });

  it('refuses by getFile\'s file_size without downloading', async () => {
    const fileId = h.fake.addFile(randomBytes(2048));
    expect(await codeOf(h.channel.fetchFile({ fileId }, 1024))).toBe('file.too_large');
    expect(h.fake.downloads).toEqual([]);
  });

  it('refuses by counting streamed bytes when no size is declared anywhere', async () => {
    const fileId = h.fake.addFile(randomBytes(300_000), { reportedSize: null, sendLength: false });
    expect(await codeOf(h.channel.fetchFile({ fileId }, 100_000))).toBe('file.too_large');
    expect(h.fake.downloads).toHaveLength(1);
  });

  it('accepts a file of exactly the limit', async () => {
    const fileId = h.fake.addFile(randomBytes(4096), { reportedSize: null, sendLength: false });
    expect((await h.channel.fetchFile({ fileId }, 4096)).bytes).toHaveLength(4096);
  });

  it('maps Telegram\'s 20 MB refusal to file.too_large and an unknown file to delivery.rejected', async () => {
    h.fake.failNext('getFile', { error_code: 400, description: 'Bad Request: file is too big' });
    expect(await codeOf(h.channel.fetchFile({ fileId: 'big' }, 50 * 1024 * 1024))).toBe('file.too_large');
    expect(await codeOf(h.channel.fetchFile({ fileId: 'AgAC-unknown' }, 1024))).toBe('delivery.rejected');
  });
});
