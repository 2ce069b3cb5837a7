/**
 * Evaluations, each run as `npm run eval -- <name>`: `understanding` (the offline understanding) and `answers`
 * (the answer rule checker).
 * Options follow the names: `--dir path` (another corpus directory), `--misses n` (how many misses to list).
 */
import { evalAnswers } from './answers.ts';
import { evalUnderstanding } from './understanding.ts';

const evals: Record<string, (options: Record<string, string>) => Promise<Record<string, unknown>>> = { understanding: evalUnderstanding, answers: evalAnswers };

const names: string[] = [];
const options: Record<string, string> = {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (!arg.startsWith('--')) {
    names.push(arg);
    continue;
  }
  const [key = '', inline] = arg.slice(2).split('=', 2);
  const next = args[i + 1];
  if (inline !== undefined) options[key] = inline;
  else if (next !== undefined && !next.startsWith('--')) {
    options[key] = next;
    i += 1;
  } else options[key] = 'true';
}
for (const name of names.length > 0 ? names : Object.keys(evals)) {
  const run = evals[name];
  if (!run) {
    console.error(`unknown evaluation ${name}; known: ${Object.keys(evals).join(', ')}`);
    process.exit(2);
  }
  await run(options);
}
