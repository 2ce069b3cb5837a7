import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { PlatformFile } from '../../contracts/channel.ts';
import { CodedError, DeliveryError } from '../../errors.ts';
import { toDeliveryError } from './slack-errors.ts';

const fileInfoSchema = z.object({
  file: z.object({
    id: z.string(),
    size: z.number().int().nonnegative().optional(),
    mimetype: z.string().optional(),
    url_private_download: z.string().optional(),
    url_private: z.string().optional(),
  }),
});

/** What {@link fetchSlackFile} needs. */
export interface SlackFileDeps {
  client: WebClient;
  botToken: string;
  /** The Web API base URL; a download URL on its origin is allowed besides Slack's own hosts. */
  apiUrl: string;
  fetch?: typeof globalThis.fetch;
}

const tooLarge = (maxBytes: number) =>
  new CodedError('file.too_large', `the file is larger than ${maxBytes} bytes`, {
    zh: `文件太大（上限 ${Math.floor(maxBytes / 1_048_576)} MB）。`,
    en: `The file is too large (limit ${Math.floor(maxBytes / 1_048_576)} MB).`,
  });

/** The bot token is sent only to Slack's file hosts (or the configured API's origin, for tests and proxies). */
export function mayReceiveToken(url: URL, apiUrl: string): boolean {
  if (url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'))) return true;
  try {
    return url.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
}

/**
 * Downloads a file a Slack user shared: `files.info` for its private download URL, then a GET
 * with `Authorization: Bearer <bot token>` (files:read). Refuses with `file.too_large` as soon as
 * the announced or the received size passes `maxBytes`; Slack errors become `DeliveryError`s.
 */
export async function fetchSlackFile(deps: SlackFileDeps, file: PlatformFile, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }> {
  if (file.sizeBytes !== undefined && file.sizeBytes > maxBytes) throw tooLarge(maxBytes);
  let info: z.infer<typeof fileInfoSchema>['file'];
  try {
    info = fileInfoSchema.parse(await deps.client.files.info({ file: file.fileId })).file;
  } catch (error) {
    throw error instanceof z.ZodError ? new DeliveryError('delivery.failed', 'files.info: unexpected answer', undefined, { cause: error }) : toDeliveryError(error, 'files.info');
  }
  if (info.size !== undefined && info.size > maxBytes) throw tooLarge(maxBytes);
  const location = info.url_private_download ?? info.url_private;
  const url = location ? parseUrl(location) : null;
  if (!url || !mayReceiveToken(url, deps.apiUrl)) throw new DeliveryError('delivery.rejected', 'files.info: no download URL on a Slack host');
  let response: Response;
  try {
    response = await (deps.fetch ?? globalThis.fetch)(url, { headers: { Authorization: `Bearer ${deps.botToken}` } });
  } catch (error) {
    throw new DeliveryError('delivery.failed', 'file download: Slack could not be reached', undefined, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const kind = response.status >= 500 || response.status === 429 ? 'delivery.failed' : 'delivery.rejected';
    throw new DeliveryError(kind, `file download: HTTP ${response.status}`);
  }
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > maxBytes) {
    await response.body.cancel();
    throw tooLarge(maxBytes);
  }
  const bytes = await readBounded(response.body, maxBytes);
  const mimeType = info.mimetype ?? response.headers.get('content-type') ?? undefined;
  return mimeType ? { bytes, mimeType } : { bytes };
}
