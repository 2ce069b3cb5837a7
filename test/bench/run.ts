/**
 * Benchmarks, each run as `npm run bench -- <name>`. Every figure is reported beside a floor
 * measured in the same run on the same machine and database, so the ratio is what matters.
 * Traffic goes to 127.0.0.1 only; every loop is bounded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchChecks } from './checks.ts';
import { benchFlows } from './flows.ts';
import { benchSql } from './sql.ts';
import { benchTimers } from './timers.ts';
import { benchWebhooks } from './webhooks.ts';
import { parseRunnerArgs } from '../support/cli-args.ts';

/** `--name value` or `--name=value` options after the bench names, e.g. `webhooks --seconds 5`. */
type BenchOptions = Record<string, string>;

const benches: Record<string, (options: BenchOptions) => Promise<Record<string, unknown>>> = { checks: benchChecks, flows: benchFlows, sql: benchSql, timers: benchTimers, webhooks: benchWebhooks };
benches.scale = (options) => import('./scale.ts').then((m) => m.benchScale(options));

const { names, options } = parseRunnerArgs(process.argv.slice(2));
const selected = names.length > 0 ? names : Object.keys(benches);
const results: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString() };
for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  results[name] = await bench(options);
}
const out = path.resolve('data/bench/results.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
process.exit(0);
