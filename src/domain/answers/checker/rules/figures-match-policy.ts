import type { StatedFigure } from '../../answer.ts';
import { statesDeadline, TIME_UNITS } from '../deadlines.ts';
import { readFigures } from '../figure-reader.ts';
import type { AnswerRule } from '../rule.ts';

const same = (a: StatedFigure, b: { value: number; unit: string }) => a.value === b.value && a.unit === b.unit;
const show = (f: StatedFigure) => `"${f.quote}" (${f.value} ${f.unit})`;

/** figures.match_policy: every figure in the text is a policy deadline (in working days), and the answer's own list agrees with the text. */
export const figuresMatchPolicy: AnswerRule = {
  id: 'figures.match_policy',
  description: 'Every duration, amount or percentage in the text is a policy figure for its topic (working days, not hours, calendar days or weeks), and the answer\'s figure list matches its text.',
  check({ answer, deadlines, placed }) {
    const details: string[] = [];
    for (const { figure, deadline } of placed) {
      if (!TIME_UNITS.has(figure.unit)) {
        details.push(`${show(figure)}: the policy states no ${figure.unit === 'yuan' ? 'amount of money' : figure.unit}`);
      } else if (deadline) {
        if (!statesDeadline(figure, deadline)) details.push(`${show(figure)}: the policy deadline here (${deadline.name}, clause ${deadline.clause}) is ${deadline.workingDays} working days`);
      } else if (!deadlines.some((d) => statesDeadline(figure, d))) {
        details.push(`${show(figure)}: matches no policy deadline (${[...new Set(deadlines.map((d) => d.workingDays))].join(', ')} working days)`);
      }
    }
    const read = placed.map((p) => p.figure);
    for (const figure of read) {
      if (!answer.figures.some((listed) => same(listed, figure))) details.push(`${show(figure)} is in the text but not in the answer's figures`);
    }
    for (const listed of answer.figures) {
      if (!answer.text.includes(listed.quote)) {
        details.push(`listed figure ${show(listed)} is not in the text`);
        continue;
      }
      if (listed.unit === 'count') continue;
      const fromQuote = readFigures(listed.quote);
      if (!fromQuote.some((f) => same(f, listed))) details.push(`listed figure ${show(listed)} does not say what its quote says`);
    }
    return details;
  },
};
