import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, HOLDOUT_DIR, SLOTS, evaluate, formatReport, loadUtterances } from '../eval/understanding.ts';

// Issue #15's offline targets: intent accuracy ≥ 95 % and every slot's precision ≥ 95 % on the labelled corpus.
const TARGET = 0.95;

describe('understanding eval (npm run eval -- understanding)', () => {
  const report = evaluate(loadUtterances(CORPUS_DIR));

  it('runs on the whole labelled corpus', () => {
    expect(report.total).toBeGreaterThanOrEqual(300);
  });

  it(`classifies at least ${TARGET * 100}% of intents right`, () => {
    if (report.intentAccuracy < TARGET) console.log(formatReport('corpus', report));
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(TARGET);
  });

  it.each(SLOTS.map((slot) => [slot]))(`reads %s with at least ${TARGET * 100}% precision`, (slot) => {
    const score = report.slots[slot];
    if (score.precision < TARGET) console.log(formatReport('corpus', report));
    expect(score.predicted).toBeGreaterThan(0);
    expect(score.precision).toBeGreaterThanOrEqual(TARGET);
  });

  it('prints the held-out figures (no target: they measure how far the rules generalise)', () => {
    const holdout = evaluate(loadUtterances(HOLDOUT_DIR));
    expect(holdout.total).toBeGreaterThan(0);
    console.log(formatReport('held-out', holdout, 0));
  });
});
