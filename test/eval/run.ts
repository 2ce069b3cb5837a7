/**
 * Evaluations, each run as `npm run eval -- <name>`: `understanding` (the offline understanding) and `answers`
 * (the answer rule checker).
 * Options follow the names: `--dir path` (another corpus directory), `--misses n` (how many misses to list).
 */
import { evalAnswers } from './answers.ts';
import { evalUnderstanding } from './understanding.ts';
import { parseRunnerArgs } from '../support/cli-args.ts';

const evals: Record<string, (options: Record<string, string>) => Promise<Record<string, unknown>>> = { understanding: evalUnderstanding, answers: evalAnswers };

const { names, options } = parseRunnerArgs(process.argv.slice(2));
for (const name of names.length > 0 ? names : Object.keys(evals)) {
  const run = evals[name];
  if (!run) {
    console.error(`unknown evaluation ${name}; known: ${Object.keys(evals).join(', ')}`);
    process.exit(2);
  }
  await run(options);
}
