import type { Api } from 'grammy';
import type { PlatformFile } from '../../contracts/channel.ts';
import { CodedError, DeliveryError } from '../../errors.ts';
import { isFileTooBig, redactToken, toDeliveryError } from './delivery-errors.ts';

/** What downloading needs: the client for getFile, and where files are served (`<apiRoot>/file/bot<token>/<path>`). */
export interface FetchFileDeps {
  api: Api;
  apiRoot: string;
  token: string;
  /** Injectable for tests; the global fetch by default. */
  fetch?: typeof fetch;
}

const mimeByExtension: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heic: 'image/heic', heif: 'image/heif' };

function tooLarge(maxBytes: number): CodedError {
  return new CodedError('file.too_large', `the file is larger than ${maxBytes} bytes`, {
    zh: `文件太大了（上限 ${Math.floor(maxBytes / 1024 / 1024)} MB），请压缩后再发。`,
    en: `The file is too large (limit ${Math.floor(maxBytes / 1024 / 1024)} MB); please send a smaller one.`,
  });
}

/**
 * Downloads a file a user sent: getFile, then GET `<apiRoot>/file/bot<token>/<file_path>`.
 * Refuses with `file.too_large` when the user's hint, getFile's `file_size`, the Content-Length or
 * the bytes actually streamed pass `maxBytes` (the download stops there). Telegram's own
 * 20 MB limit also answers `file.too_large`. Other failures are `DeliveryError`s. The caller
 * checks that the bytes are an image; `mimeType` is only the hint from the update or the extension.
 */
export async function fetchTelegramFile(deps: FetchFileDeps, file: PlatformFile, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }> {
  if (file.sizeBytes !== undefined && file.sizeBytes > maxBytes) throw tooLarge(maxBytes);
  let filePath: string;
  try {
    const info = await deps.api.getFile(file.fileId);
    if (info.file_size !== undefined && info.file_size > maxBytes) throw tooLarge(maxBytes);
    if (!info.file_path) throw new DeliveryError('delivery.rejected', 'Telegram getFile returned no file_path');
    filePath = info.file_path;
  } catch (error) {
    if (isFileTooBig(error)) throw tooLarge(maxBytes);
    throw toDeliveryError(error, deps.token);
  }

  const url = `${deps.apiRoot}/file/bot${deps.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
  const controller = new AbortController();
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(url, { signal: controller.signal });
  } catch (error) {
    const reason = error instanceof Error ? redactToken(error.message, deps.token) : 'unknown';
    throw new DeliveryError('delivery.failed', `Telegram file download failed: ${reason}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DeliveryError(response.status === 404 || response.status === 400 ? 'delivery.rejected' : 'delivery.failed', `Telegram file download answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw tooLarge(maxBytes);
  }

  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        controller.abort();
        throw tooLarge(maxBytes);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw new DeliveryError('delivery.failed', `Telegram file download broke off after ${size} bytes`);
  } finally {
    reader.releaseLock();
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase();
  const mimeType = file.mimeType ?? (extension ? mimeByExtension[extension] : undefined);
  return { bytes: Buffer.concat(chunks), ...(mimeType ? { mimeType } : {}) };
}
