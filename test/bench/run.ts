/**
 * Benchmarks, each run as `npm run bench -- <name>`. Every figure is reported beside a floor
 * measured in the same run on the same machine and database, so the ratio is what matters.
 * Traffic goes to 127.0.0.1 only; every loop is bounded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchFlows } from './flows.ts';
import { benchSql } from './sql.ts';

const benches: Record<string, () => Promise<Record<string, unknown>>> = { flows: benchFlows, sql: benchSql };

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = names.length > 0 ? names : Object.keys(benches);
const results: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString() };
for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  results[name] = await bench();
}
const out = path.resolve('data/bench/results.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
process.exit(0);
