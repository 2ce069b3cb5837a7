import type { WebhookRequest, WebhookResponse, WebhookRoute } from '../../contracts/channel.ts';
import { asAnswerableError } from '../../dependency-errors.ts';
import { CodedError, httpStatusOf, type ErrorCode } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { SlackDispatch } from './slack-dispatch.ts';
import { verifySlackSignature } from './slack-signature.ts';

/** The one path Slack posts to, for the Events API and interactivity alike. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's bodies are small; 1 MiB leaves room for large block_actions payloads. */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** What the route needs. */
export interface SlackWebhookDeps {
  signingSecret: string;
  dispatch: SlackDispatch;
  log: Logger;
  now: () => Date;
}

const jsonResponse = (status: number, body: unknown): WebhookResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

const errorResponse = (code: ErrorCode): WebhookResponse => jsonResponse(httpStatusOf(code), { error: code });

function headerOf(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the payload: JSON for the Events API, `payload=<json>` form encoding for interactivity. */
function parseBody(request: WebhookRequest): unknown {
  const contentType = (headerOf(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = request.rawBody.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) throw new CodedError('webhook.payload_invalid', 'form body without payload');
    return JSON.parse(payload);
  }
  return JSON.parse(text);
}

/**
 * `POST /slack/events`: the signature is checked first (401 `webhook.signature_invalid`, nothing
 * else is read), then the payload is dispatched and Slack gets its 200 within 3 s (the sink only
 * stores). A sink that is unavailable (a 503 code such as `service.unavailable`) answers 503, so
 * Slack retries later with `x-slack-retry-num`; the retry carries the same deliveryId.
 */
export function createSlackWebhookRoute(deps: SlackWebhookDeps): WebhookRoute {
  return {
    path: SLACK_EVENTS_PATH,
    bodyLimit: SLACK_BODY_LIMIT,
    async handle(request) {
      const verified = verifySlackSignature({
        signingSecret: deps.signingSecret,
        headers: request.headers,
        rawBody: request.rawBody,
        nowMs: deps.now().getTime(),
      });
      if (!verified.ok) {
        deps.log.warn({ reason: verified.reason }, 'slack request refused: signature');
        return errorResponse('webhook.signature_invalid');
      }
      let payload: unknown;
      try {
        payload = parseBody(request);
      } catch {
        return errorResponse('webhook.payload_invalid');
      }
      const retry = headerOf(request, 'x-slack-retry-num');
      try {
        const ack = await deps.dispatch(payload, { retryNum: retry === undefined ? undefined : Number(retry) });
        return ack.body === undefined ? { status: 200 } : jsonResponse(200, ack.body);
      } catch (error) {
        const { code } = asAnswerableError(error);
        if (httpStatusOf(code) === 503) {
          deps.log.warn({ code }, 'slack event not stored; Slack will retry');
          return errorResponse(code);
        }
        deps.log.error({ err: error }, 'slack event failed');
        return errorResponse('internal.unexpected');
      }
    },
  };
}
