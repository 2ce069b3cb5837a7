/**
 * The load generator's thread (started by runLoad in load.ts): sends plan.total requests at
 * plan.rate/s, open loop, through one keep-alive agent with at most plan.sockets sockets, and posts
 * back each request's latency from send to the end of its response. Bounded in count and in time.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { signedHeaders } from '../support/slack-signer.ts';
import { MERCHANT, privateText } from '../support/telegram-updates.ts';
import { dmMessage, eventCallback } from '../channels/slack/slack-fixtures.ts';
import { dueCount, type LoadPlan, type LoadResult } from './load.ts';

const plan = workerData as LoadPlan;
const DRAIN_MS = 30_000;

/** Request i of the plan: a merchant writing "你好" in chat i mod plan.chats; ids unique per request. */
function buildRequest(i: number): { body: string; headers: Record<string, string> } {
  const chat = i % plan.chats;
  const nowSec = Math.floor(Date.now() / 1000);
  if (plan.kind === 'slack') {
    const key = (plan.runId * 1_000_000 + chat).toString(36).toUpperCase();
    const event = dmMessage('你好', { channel: `DB${key}`, user: `UB${key}`, ts: `${nowSec}.${String(i).padStart(6, '0')}`, client_msg_id: randomUUID() });
    const body = JSON.stringify(eventCallback(event, `EvB${plan.runId}x${i}`));
    return { body, headers: signedHeaders(plan.slackSigningSecret ?? '', nowSec, body) };
  }
  // Telegram and the floor carry the same update; only Telegram's route reads the secret header.
  const from = { ...MERCHANT, id: 8_000_000_000 + plan.runId * 1_000_000 + chat, username: `bench_${plan.runId}_${chat}` };
  const body = JSON.stringify(privateText('你好', { updateId: plan.runId * 10_000_000 + i, from, messageId: 1000 + i, date: nowSec }));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (plan.kind === 'telegram') headers['x-telegram-bot-api-secret-token'] = plan.telegramSecret ?? '';
  return { body, headers };
}

async function run(): Promise<LoadResult> {
  const url = new URL(plan.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.sockets });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let done = 0;
  let lastDone = 0;
  let maxSendLagMs = 0;
  const open = new Set<http.ClientRequest>();
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const settle = (req: http.ClientRequest) => {
    open.delete(req);
    done += 1;
    lastDone = performance.now();
    if (done === plan.total) allDone();
  };

  const fire = (i: number) => {
    const { body, headers } = buildRequest(i);
    const sentAt = performance.now();
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } });
    open.add(req);
    let settled = false;
    const once = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      settle(req);
    };
    req.setTimeout(plan.requestTimeoutMs, () => req.destroy(new Error('request timeout')));
    req.on('error', () => once(() => (errors += 1)));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        once(() => {
          latencies.push(performance.now() - sentAt);
          const key = String(res.statusCode ?? 0);
          statuses[key] = (statuses[key] ?? 0) + 1;
        }),
      );
      res.on('error', () => once(() => (errors += 1)));
    });
    req.end(body);
  };

  const start = performance.now();
  let sent = 0;
  // Bounded: each pass sends what is due, then sleeps ~1 ms; all are due after (total − 1) / rate s.
  while (sent < plan.total) {
    const elapsed = performance.now() - start;
    const due = dueCount(elapsed, plan.rate, plan.total);
    while (sent < due) {
      maxSendLagMs = Math.max(maxSendLagMs, elapsed - (sent * 1000) / plan.rate);
      fire(sent);
      sent += 1;
    }
    if (sent < plan.total) await sleep(1);
  }
  await Promise.race([finished, sleep(DRAIN_MS)]);
  const unfinished = open.size;
  for (const req of open) req.destroy();
  agent.destroy();
  return { sent, latencies, statuses, errors, unfinished, elapsedMs: (unfinished > 0 ? performance.now() : lastDone) - start, maxSendLagMs: Math.round(maxSendLagMs * 10) / 10 };
}

parentPort?.postMessage(await run());
