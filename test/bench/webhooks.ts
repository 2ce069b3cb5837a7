import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAppMetrics } from '../../src/http/metrics.ts';
import { readBody, send } from '../../src/http/router.ts';
import { createHttpServer, type HttpTimeouts } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp } from '../support/app-harness.ts';
import { startFakeTelegramApi } from '../support/fake-telegram-api.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';
import { BOT_TOKEN, SIGNING_SECRET, TEAM } from '../channels/slack/slack-fixtures.ts';
import { runLoad, summarize, type LoadPlan, type LoadResult } from './load.ts';
import { compare, figure, type BenchOutput, type SummaryRow } from './summary.ts';

const TELEGRAM_SECRET = 'bench_Secret-0123456789';
const EMPTY_PATH = '/bench/empty';
const EMPTY_ANSWER = JSON.stringify({ ok: true });
/** The app server's keep-alive (src/http/server.ts); the floor uses the same. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const WARMUP_REQUESTS = 100;

type Options = Record<string, string>;

function numberOption(options: Options, name: string, fallback: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number, got ${raw}`);
  return value;
}

/**
 * The floor: a plain node:http server on 127.0.0.1 with the app server's options (request and
 * header timeouts, connection check interval, keep-alive timeout) that reads the body with the
 * app's readBody (same 1 MiB limit) and answers 200 {"ok":true} through the app's send(): no
 * router, no metrics, no access check, no verification, no database.
 */
async function startFloorServer(timeouts: HttpTimeouts): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer({ requestTimeout: timeouts.requestMs, headersTimeout: timeouts.headersMs, connectionsCheckingInterval: 1_000 }, (req, res) => {
    readBody(req, 1024 * 1024).then(
      () => send(res, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: EMPTY_ANSWER }),
      () => send(res, { status: 400 }),
    );
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${EMPTY_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The app's own HTTP stack (router, access check, metrics, error mapping) with one empty public route. */
async function startAppStackFloor(timeouts: HttpTimeouts): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer({
    log: createLogger('silent'),
    metrics: createAppMetrics(),
    access: { extraHosts: [], token: undefined },
    timeouts,
    routes: [
      {
        method: 'POST',
        path: EMPTY_PATH,
        access: 'public',
        handler: async (req) => {
          await req.body();
          return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: EMPTY_ANSWER };
        },
      },
    ],
  });
  const address = await server.listen(0, '127.0.0.1');
  return { url: `${address.url}${EMPTY_PATH}`, close: () => server.close() };
}

interface TargetResult {
  sent: number;
  acksPerSecond: number;
  /** Over every request sent; null when the request at that rank was never answered (open loop: those count). */
  p50: number | null;
  p99: number | null;
  max: number | null;
  non2xx: number;
  /** Connection errors, and requests still unanswered 30 s after the last send (the generator then gives up). */
  unanswered: number;
  statuses: Record<string, number>;
  maxSendLagMs: number;
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

function resultOf(load: LoadResult): TargetResult {
  const ok = Object.entries(load.statuses).reduce((n, [status, count]) => (status.startsWith('2') ? n + count : n), 0);
  const non2xx = Object.entries(load.statuses).reduce((n, [status, count]) => (status.startsWith('2') ? n : n + count), 0);
  const unanswered = load.errors + load.unfinished;
  const latency = summarize([...load.latencies, ...Array.from({ length: unanswered }, () => Infinity)]);
  return {
    sent: load.sent,
    acksPerSecond: Math.round((ok / load.elapsedMs) * 1000 * 10) / 10,
    p50: finite(latency.p50),
    p99: finite(latency.p99),
    max: finite(latency.max),
    non2xx,
    unanswered,
    statuses: load.statuses,
    maxSendLagMs: load.maxSendLagMs,
  };
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);
const ms = (n: number | null) => (n === null ? 'unanswered' : String(n));

/**
 * webhooks: how fast the bot acknowledges platform webhooks, beside a raw HTTP floor measured in
 * the same run. The real app runs with Telegram (webhook mode) and Slack (HTTP mode) on against the
 * fake platform APIs; every request is a merchant DM "你好" with its own update_id / event_id, in
 * `--chats` distinct chats (the first message of each opens the chat). Open loop at `--rate`/s for
 * `--seconds`, from a worker thread with a bounded keep-alive agent.
 */
export async function benchWebhooks(options: Options = {}): Promise<BenchOutput> {
  const ci = process.env.CI === 'true' || options.quick === 'true';
  const rate = numberOption(options, 'rate', ci ? 100 : 500);
  const seconds = numberOption(options, 'seconds', ci ? 2 : 10);
  const chats = Math.round(numberOption(options, 'chats', 1000));
  const sockets = Math.round(numberOption(options, 'sockets', 64));
  const drainSeconds = numberOption(options, 'drain-seconds', ci ? 60 : 180);
  const total = Math.round(rate * seconds);

  const telegramApi = await startFakeTelegramApi();
  const slackApi = await FakeSlackApi.start({ botToken: BOT_TOKEN, teamId: TEAM });
  const t = await startTestApp({
    env: {
      TELEGRAM_BOT_TOKEN: telegramApi.token,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_ROOT: telegramApi.apiRoot,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slackApi.apiUrl,
    },
  });
  const floor = await startFloorServer(t.config.httpTimeouts);
  const appStack = await startAppStackFloor(t.config.httpTimeouts);
  const mode = t.app.mode;
  let runId = 1;
  const load = (kind: LoadPlan['kind'], url: string, count: number) =>
    runLoad({ kind, url, rate, total: count, chats, sockets, runId: runId++, telegramSecret: TELEGRAM_SECRET, slackSigningSecret: SIGNING_SECRET, requestTimeoutMs: 30_000 });

  const counts = async (platform: 'telegram' | 'slack') => {
    const [stored, processed] = await Promise.all([
      t.app.prisma.inboundEvent.count({ where: { platform } }),
      t.app.prisma.inboundEvent.count({ where: { platform, processedAt: { not: null } } }),
    ]);
    return { stored, processed };
  };
  /**
   * Waits (bounded) until every stored event is processed, so the next target starts without the
   * last one's processing backlog. Replies still being delivered are not waited for: delivery is
   * held to each platform's send rate (PLATFORM_RATE: 25/s Telegram, 20/s Slack), light on CPU.
   */
  const drain = async (): Promise<number | null> => {
    const started = performance.now();
    const deadline = started + drainSeconds * 1000;
    while (performance.now() < deadline) {
      const unprocessed = await t.app.prisma.inboundEvent.count({ where: { processedAt: null } });
      if (unprocessed === 0) return Math.round((performance.now() - started) / 100) / 10;
      await sleep(500);
    }
    return null;
  };

  try {
    const targets: Array<{ name: string; label: string; kind: LoadPlan['kind']; url: string; platform?: 'telegram' | 'slack' }> = [
      { name: 'floor', label: 'floor: plain node:http, empty handler', kind: 'floor', url: floor.url },
      { name: 'appHttpStack', label: "app's HTTP stack, empty route", kind: 'floor', url: appStack.url },
      { name: 'telegram', label: 'Telegram POST /telegram/webhook', kind: 'telegram', url: `${t.url}/telegram/webhook`, platform: 'telegram' },
      { name: 'slack', label: 'Slack POST /slack/events', kind: 'slack', url: `${t.url}/slack/events`, platform: 'slack' },
    ];
    const measured: Record<string, TargetResult & { label: string; storedByEnd?: number; processedByEnd?: number; drainedAfterSeconds?: number | null }> = {};
    for (const target of targets) {
      // Warm-up (not counted): connections, JIT, and for the webhooks the first statements.
      await load(target.kind, target.url, WARMUP_REQUESTS);
      if (target.platform) await drain();
      console.error(`webhooks: ${target.label}: ${total} requests at ${rate}/s…`);
      const result = resultOf(await load(target.kind, target.url, total));
      measured[target.name] = { label: target.label, ...result };
      if (target.platform) {
        const byEnd = await counts(target.platform);
        const drainedAfterSeconds = await drain();
        // Stored includes the warm-up's events.
        Object.assign(measured[target.name]!, { storedByEnd: byEnd.stored - WARMUP_REQUESTS, processedByEnd: Math.max(0, byEnd.processed - WARMUP_REQUESTS), drainedAfterSeconds });
      }
    }

    const drained = (sec: number | null | undefined) => (typeof sec === 'number' ? `${sec} s` : `not within ${drainSeconds} s`);
    const base = measured.floor!;
    const rows = Object.values(measured).map((r) => ({ ...r, throughputToFloor: ratio(r.acksPerSecond, base.acksPerSecond), p99ToFloor: ratio(r.p99, base.p99) }));
    console.log(`\n### webhooks (${mode.database} database, ${mode.queue} queue; ${rate} req/s open loop for ${seconds} s, ${sockets} keep-alive sockets, ${chats} chats)\n`);
    console.log('| target | sent | acks/s | p50 ms | p99 ms | max ms | non-2xx | unanswered | acks/s ÷ floor | p99 ÷ floor | processed by end of run |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const processed = r.processedByEnd === undefined ? '' : `${r.processedByEnd} of ${r.storedByEnd}`;
      console.log(`| ${r.label} | ${r.sent} | ${r.acksPerSecond} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.non2xx} | ${r.unanswered} | ${r.throughputToFloor} | ${r.p99ToFloor ?? '-'} | ${processed} |`);
    }
    console.log(
      `\nEach webhook request is a merchant DM "你好" with its own update_id / event_id, spread over ${chats} chats per target (the first message of each opens the chat).` +
        ' An ack means the event is stored and enqueued, not processed; the worker processes in the background during the run, on the same cores,' +
        ' and replies are delivered to the fake platform APIs at the platforms\' send rates (into the next target\'s run).' +
        ` Processing backlog drained after: Telegram ${drained(measured.telegram?.drainedAfterSeconds)}, Slack ${drained(measured.slack?.drainedAfterSeconds)}.` +
        ` Latencies count every request sent; one still unanswered 30 s after the last send is "unanswered".` +
        ` Generator's worst send lag ${Math.max(...rows.map((r) => r.maxSendLagMs))} ms.`,
    );
    // Invariants: nothing answered other than 2xx, and every stored event processed once the run drained.
    const bad = rows.filter((r) => r.non2xx > 0);
    if (bad.length > 0) throw new Error(`webhooks: non-2xx answers: ${bad.map((r) => `${r.label} ${JSON.stringify(r.statuses)}`).join('; ')}`);
    // A target's backlog may run into the next one's drain; by the end every stored event must be processed.
    if ((await drain()) === null) throw new Error(`webhooks: events still unprocessed ${drainSeconds} s after the last target`);
    const modeLabel = mode.database === 'embedded' ? 'embedded' : 'PostgreSQL + Redis';
    const summary: SummaryRow[] = [];
    for (const r of rows.filter((row) => row !== rows[0])) {
      const setting = `${modeLabel}, ${rate}/s open loop for ${seconds} s`;
      summary.push(compare({ measure: `${r.label}: acks/s`, setting, unit: 'acks/s', ours: r.acksPerSecond, floorName: 'raw HTTP floor', floor: base.acksPerSecond }));
      if (r.p99 !== null && base.p99 !== null) summary.push(compare({ measure: `${r.label}: ack latency p99`, setting, unit: 'ms', ours: r.p99, floorName: 'raw HTTP floor', floor: base.p99 }));
      else summary.push(figure({ measure: `${r.label}: requests unanswered within 30 s`, setting, unit: 'requests', ours: r.unanswered, note: 'p99 not reached: more than 1 % unanswered' }));
    }
    return { mode, rate, seconds, chats, sockets, warmupRequests: WARMUP_REQUESTS, targets: rows, summary };
  } finally {
    await floor.close();
    await appStack.close();
    await t.stop();
    await telegramApi.close();
    await slackApi.close();
  }
}
