import { createUnderstander } from '../../src/understanding/understander.ts';
import { createLogger } from '../../src/log.ts';
import { CORPUS_DIR, contextOf, loadUtterances } from '../eval/understanding.ts';
import { timeEach } from './latency.ts';
import { figure, type BenchOutput } from './summary.ts';

const DEFAULT_NOW = '2026-11-26T10:00:00+08:00';
const TIME_ZONE = 'Asia/Shanghai';

/**
 * understanding: latency per message of the offline understander the app runs without OPENAI_API_KEY
 * (createUnderstander: extractFacts + classifyMessage), over the labelled corpus (test/fixtures/utterances),
 * each message with its context and clock, `--repetitions` passes (default 50; 3 with --quick) after a
 * warm-up pass. Pure CPU work; no I/O.
 */
export async function benchUnderstanding(options: Record<string, string>): Promise<BenchOutput> {
  const utterances = loadUtterances(CORPUS_DIR);
  if (utterances.length === 0) throw new Error(`no utterances in ${CORPUS_DIR}`);
  const repetitions = Number(options.repetitions ?? (options.quick === 'true' ? 3 : 50));
  const understander = createUnderstander({ log: createLogger('silent') });
  const items = utterances.map((u) => ({ text: u.text, ctx: contextOf(u), now: new Date(u.now ?? DEFAULT_NOW) }));
  const latency = await timeEach(items, repetitions, (item) => understander.understand(item.text, item.ctx, item.now, TIME_ZONE));
  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  console.log(`\n### understanding (offline understander, ${items.length} labelled messages × ${repetitions} passes; load average ${load})\n`);
  console.log('| messages timed | median | p99 | max | CPU median | CPU p99 |\n|---|---|---|---|---|---|');
  console.log(`| ${latency.samples} | ${latency.medianMicros} µs | ${latency.p99Micros} µs | ${latency.maxMicros} µs | ${latency.cpuMedianMicros} µs | ${latency.cpuP99Micros} µs |`);
  const setting = `${items.length} labelled messages`;
  return {
    messages: items.length,
    repetitions,
    loadAverage: Number(load),
    latency,
    summary: [
      figure({ measure: 'offline understanding: latency p50 per message', setting, unit: 'µs', ours: latency.medianMicros }),
      figure({ measure: 'offline understanding: latency p99 per message', setting, unit: 'µs', ours: latency.p99Micros, note: `CPU p99 ${latency.cpuP99Micros} µs` }),
    ],
  };
}
