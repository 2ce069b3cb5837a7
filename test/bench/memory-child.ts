/**
 * The memory bench's bot process (forked by memory.ts with --expose-gc): the real app (startApp) on the
 * configuration in its environment. Once started it runs the follow-up sweep once more (as the periodic
 * one does), waits BENCH_SETTLE_MS for the start's background work (inbound sweep, report catch-up,
 * timer reconciliation), collects garbage twice and sends its memory figures; it stops on the next message.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('memory-child runs forked with --expose-gc');
const config = loadConfig(process.env);
const started = performance.now();
const app = await startApp(config, createLogger(config.logLevel));
const startMs = Math.round(performance.now() - started);
const peakAfterStartBytes = process.resourceUsage().maxRSS * 1024;
const sweepStarted = performance.now();
const reconciled = await app.followups.reconcile();
const sweepMs = Math.round(performance.now() - sweepStarted);
const peakAfterSweepBytes = process.resourceUsage().maxRSS * 1024;
await sleep(Number(process.env.BENCH_SETTLE_MS ?? 3_000));
gc();
gc();
const memory = process.memoryUsage();
process.send({ startMs, sweepMs, reconciled, peakAfterStartBytes, peakAfterSweepBytes, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, externalBytes: memory.external, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
process.once('message', () => {
  void app.stop().finally(() => process.exit(0));
});
