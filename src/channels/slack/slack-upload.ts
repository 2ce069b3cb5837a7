import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { DeliveryError } from '../../errors.ts';
import { toDeliveryError } from './slack-errors.ts';
import { mayReceiveToken } from './slack-files.ts';

/** Slack's limit on one file (1 GB). Our photos are at most 10 MiB; a larger file goes as a link. */
export const SLACK_FILE_MAX_BYTES = 1024 ** 3;

const uploadUrlSchema = z.object({ upload_url: z.string().min(1), file_id: z.string().min(1) });
const completedSchema = z.object({ files: z.array(z.object({ id: z.string() })).min(1) });

/** What {@link uploadSlackFile} needs. */
export interface SlackUploadDeps {
  client: WebClient;
  botToken: string;
  /** The Web API base URL; an upload URL on its origin is allowed besides Slack's own hosts. */
  apiUrl: string;
  fetch?: typeof globalThis.fetch;
}

/** One file to share into a channel or a thread. */
export interface SlackUpload {
  channel: string;
  /** The ts of the message whose thread gets the file (a case card). */
  threadTs?: string | undefined;
  bytes: Buffer;
  fileName: string;
  /** The message that introduces the file (escaped mrkdwn). */
  comment?: string | undefined;
  /** The file id of an earlier attempt whose bytes went through: only the completion runs again. */
  uploaded?: string | undefined;
  /** Told the file id as soon as the bytes are uploaded (so a retry can skip to the completion). */
  onUploaded?: (fileId: string) => void;
}

async function postBytes(deps: SlackUploadDeps, uploadUrl: string, bytes: Buffer): Promise<void> {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    throw new DeliveryError('delivery.failed', 'files.getUploadURLExternal: the upload URL is not a URL');
  }
  // The URL comes from Slack's answer; the bytes and the token go only to a Slack host.
  if (!mayReceiveToken(url, deps.apiUrl)) throw new DeliveryError('delivery.rejected', 'files.getUploadURLExternal: upload URL not on a Slack host');
  let response: Response;
  try {
    response = await (deps.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${deps.botToken}` },
      body: new Uint8Array(bytes),
      redirect: 'error',
    });
  } catch (error) {
    throw new DeliveryError('delivery.failed', 'file upload: Slack could not be reached', undefined, { cause: error });
  }
  await response.body?.cancel();
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new DeliveryError('delivery.rate_limited', 'file upload: rate limited by Slack', (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1) * 1000);
  }
  // Any other refusal of the bytes (an expired URL, a 5xx) is retried from a fresh upload URL.
  if (response.status !== 200) throw new DeliveryError('delivery.failed', `file upload: HTTP ${response.status}`);
}

/**
 * Shares one file with Slack's external upload, the three steps `filesUploadV2` of
 * @slack/web-api 8 also takes:
 * 1. `files.getUploadURLExternal` (filename, length) answers an `upload_url` and a `file_id`;
 * 2. the raw bytes are POSTed to `upload_url`;
 * 3. `files.completeUploadExternal` (files, `channel_id`, `thread_ts`, `initial_comment`) shares it.
 * Not `filesUploadV2` itself: it POSTs to whatever URL step 1 names with the client's default
 * `Authorization` header (the bot token), and turns every failure of step 2 into a plain Error.
 * Here the upload URL must be on a Slack host, a 429 there is a rate limit with its Retry-After,
 * and a retry after a failed completion does not upload the bytes twice. Returns the file id.
 */
export async function uploadSlackFile(deps: SlackUploadDeps, file: SlackUpload): Promise<string> {
  let fileId = file.uploaded;
  if (fileId === undefined) {
    let target: z.infer<typeof uploadUrlSchema>;
    try {
      target = uploadUrlSchema.parse(await deps.client.files.getUploadURLExternal({ filename: file.fileName, length: file.bytes.length, alt_text: file.fileName }));
    } catch (error) {
      throw error instanceof z.ZodError ? new DeliveryError('delivery.failed', 'files.getUploadURLExternal: unexpected answer', undefined, { cause: error }) : toDeliveryError(error, 'files.getUploadURLExternal');
    }
    await postBytes(deps, target.upload_url, file.bytes);
    fileId = target.file_id;
    file.onUploaded?.(fileId);
  }
  try {
    const completed = await deps.client.files.completeUploadExternal({
      files: [{ id: fileId, title: file.fileName }],
      channel_id: file.channel,
      ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
      ...(file.comment ? { initial_comment: file.comment } : {}),
    });
    return completedSchema.parse(completed).files[0]?.id ?? fileId;
  } catch (error) {
    throw error instanceof z.ZodError ? new DeliveryError('delivery.failed', 'files.completeUploadExternal: unexpected answer', undefined, { cause: error }) : toDeliveryError(error, 'files.completeUploadExternal');
  }
}
