import { clauseById } from '../../../policy/clauses.ts';
import { questionTags, statesDeadline, TIME_UNITS, topicalTags } from '../deadlines.ts';
import type { AnswerRule } from '../rule.ts';

/** citations.valid: cited clauses exist and are on topic; a deadline is cited; a cited clause's deadline agrees with the text. */
export const citationsValid: AnswerRule = {
  id: 'citations.valid',
  description: 'Every cited clause exists and is about the question; an answer stating a deadline cites a clause; no cited clause\'s deadline contradicts the text.',
  check({ ctx, clauses, deadlines, placed, cited }) {
    const details: string[] = [];
    const known = cited.filter((id) => clauseById(clauses, id) !== undefined);
    for (const id of cited) if (!known.includes(id)) details.push(`clause ${id} does not exist`);
    const timed = placed.filter((p) => TIME_UNITS.has(p.figure.unit));
    if (timed.length > 0 && cited.length === 0) details.push(`states a deadline ("${timed[0]?.figure.quote}") without citing a clause`);

    // On topic: at least one cited clause shares a tag with the question's topic or with the clauses of the deadlines stated.
    const topicTags = new Set<string>(ctx.topic ? [ctx.topic] : questionTags(ctx.question));
    for (const p of timed) {
      // The clauses a figure is about: the deadline its words name, and a clause cited beside it that states it.
      const ids = [p.deadline?.clause, ...deadlines.filter((d) => p.nearbyClauses.includes(d.clause) && statesDeadline(p.figure, d)).map((d) => d.clause)];
      for (const id of ids) {
        const clause = id === undefined ? undefined : clauseById(clauses, id);
        for (const tag of clause ? topicalTags(clause) : []) topicTags.add(tag);
      }
    }
    if (ctx.topic) for (const clause of clauses) if (clause.tags.includes(ctx.topic)) for (const tag of topicalTags(clause)) topicTags.add(tag);
    if (known.length > 0 && topicTags.size > 0) {
      const onTopic = known.some((id) => {
        const clause = clauseById(clauses, id);
        return clause !== undefined && topicalTags(clause).some((tag) => topicTags.has(tag));
      });
      if (!onTopic) details.push(`cited clause${known.length > 1 ? 's' : ''} ${known.join(', ')} ${known.length > 1 ? 'are' : 'is'} not about the question`);
    }

    // Contradiction: a deadline clause cited beside a figure, or the clause of the deadline a figure's words name, says otherwise.
    for (const { figure, deadline, nearbyClauses } of timed) {
      const nearby = deadlines.filter((d) => nearbyClauses.includes(d.clause));
      if (nearby.length > 0 && !nearby.some((d) => statesDeadline(figure, d))) {
        details.push(`"${figure.quote}" contradicts clause ${nearby.map((d) => `${d.clause} (${d.workingDays} working days)`).join(', ')}`);
      } else if (deadline && !statesDeadline(figure, deadline) && cited.includes(deadline.clause)) {
        details.push(`"${figure.quote}" contradicts the cited clause ${deadline.clause} (${deadline.workingDays} working days)`);
      }
    }
    return details;
  },
};
