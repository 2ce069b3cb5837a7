import { createHmac } from 'node:crypto';
import type { WebhookRequest } from '../../src/contracts/channel.ts';

/** Signs a body as Slack does: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function slackSignature(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** The headers Slack sends with a signed request. */
export function signedHeaders(signingSecret: string, timestampSec: number, body: string, contentType = 'application/json'): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': slackSignature(signingSecret, timestampSec, body),
  };
}

/** A signed Events API request (JSON body) as a webhook route receives it. */
export function signedEventRequest(signingSecret: string, timestampSec: number, payload: unknown, extra: Record<string, string> = {}): WebhookRequest {
  const body = JSON.stringify(payload);
  return { headers: { ...signedHeaders(signingSecret, timestampSec, body), ...extra }, rawBody: Buffer.from(body), query: new URLSearchParams() };
}

/** A signed interactivity request (`payload=<json>`, form encoded) as a webhook route receives it. */
export function signedInteractionRequest(signingSecret: string, timestampSec: number, payload: unknown): WebhookRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return {
    headers: signedHeaders(signingSecret, timestampSec, body, 'application/x-www-form-urlencoded'),
    rawBody: Buffer.from(body),
    query: new URLSearchParams(),
  };
}
