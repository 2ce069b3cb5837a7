import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../../src/channels/slack/slack-signature.ts';
import { signedHeaders, slackSignature } from '../../support/slack-signer.ts';

const secret = '8f742231b10e8888abcd99aaa85a5aaa';
const nowMs = Date.UTC(2026, 10, 25, 8, 0, 0);
const nowSec = nowMs / 1000;
const body = JSON.stringify({ type: 'event_callback', event: { text: '你好，我要退货 📦' } });

function verify(headers: Record<string, string | string[] | undefined>, raw = body, at = nowMs) {
  return verifySlackSignature({ signingSecret: secret, headers, rawBody: Buffer.from(raw), nowMs: at });
}

describe('verifySlackSignature (fixed clock)', () => {
  it.each([
    ['signed now', signedHeaders(secret, nowSec, body), { ok: true }],
    ['signed 4:59 ago', signedHeaders(secret, nowSec - 299, body), { ok: true }],
    ['signed 4:59 ahead', signedHeaders(secret, nowSec + 299, body), { ok: true }],
    ['signed at exactly the 5-minute edge', signedHeaders(secret, nowSec - 300, body), { ok: true }],
    ['forged with another secret', signedHeaders('another-secret-0000', nowSec, body), { ok: false, reason: 'mismatch' }],
    ['stale: 5:01 old, correctly signed', signedHeaders(secret, nowSec - 301, body), { ok: false, reason: 'stale' }],
    ['stale by a day', signedHeaders(secret, nowSec - 86_400, body), { ok: false, reason: 'stale' }],
    ['future: 5:01 ahead, correctly signed', signedHeaders(secret, nowSec + 301, body), { ok: false, reason: 'future' }],
    ['no headers', {}, { ok: false, reason: 'missing_headers' }],
    ['no signature', { 'x-slack-request-timestamp': String(nowSec) }, { ok: false, reason: 'missing_headers' }],
    ['no timestamp', { 'x-slack-signature': slackSignature(secret, nowSec, body) }, { ok: false, reason: 'missing_headers' }],
    ['timestamp not a number', { 'x-slack-request-timestamp': '12abc', 'x-slack-signature': slackSignature(secret, nowSec, body) }, { ok: false, reason: 'bad_timestamp' }],
    ['unknown signature version', { 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': slackSignature(secret, nowSec, body).replace('v0=', 'v1=') }, { ok: false, reason: 'mismatch' }],
    ['signature for another timestamp', { 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': slackSignature(secret, nowSec - 1, body) }, { ok: false, reason: 'mismatch' }],
  ] as const)('%s', (_name, headers, expected) => {
    expect(verify(headers)).toEqual(expected);
  });

  it('refuses a body altered after signing (one character, one byte of a Chinese character)', () => {
    const headers = signedHeaders(secret, nowSec, body);
    expect(verify(headers, body.replace('退货', '换货'))).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(headers, `${body} `)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('takes the first of repeated headers, as Node may give arrays', () => {
    const headers = signedHeaders(secret, nowSec, body);
    expect(verify({ 'x-slack-signature': [headers['x-slack-signature'] ?? ''], 'x-slack-request-timestamp': [String(nowSec)] })).toEqual({ ok: true });
  });

  it('uses only the clock it is given: the same request is valid at one time and stale later', () => {
    const headers = signedHeaders(secret, nowSec, body);
    expect(verify(headers, body, nowMs + 299_000)).toEqual({ ok: true });
    expect(verify(headers, body, nowMs + 302_000)).toEqual({ ok: false, reason: 'stale' });
    expect(verify(headers, body, nowMs - 302_000)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses everything when the signing secret is empty', () => {
    expect(verifySlackSignature({ signingSecret: '', headers: signedHeaders('', nowSec, body), rawBody: Buffer.from(body), nowMs })).toEqual({ ok: false, reason: 'no_secret' });
  });
});
