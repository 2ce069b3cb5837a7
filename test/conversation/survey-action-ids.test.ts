import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionIds, MAX_ACTION_ID_BYTES, parseActionId } from '../../src/conversation/action-ids.ts';
import { surveyActionId } from '../../src/contracts/survey-action.ts';
import { SURVEY_SCORES } from '../../src/domain/satisfaction/survey.ts';

// Case numbers as the grammar allows them: a 2–4 letter prefix, a day, a 3–6 digit counter.
const caseNumber = fc
  .tuple(fc.stringMatching(/^[A-Z]{2,4}$/), fc.stringMatching(/^\d{8}$/), fc.stringMatching(/^\d{3,6}$/))
  .map(([prefix, day, seq]) => `${prefix}-${day}-${seq}`);

describe('survey score buttons (csat:<score>:<case number>)', () => {
  it('every score of every case number fits callback_data and parses back to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SURVEY_SCORES), caseNumber, (score, number) => {
        const id = actionIds.rate(score, number);
        expect(id).toBe(surveyActionId(score, number));
        expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_ACTION_ID_BYTES);
        expect(parseActionId(id)).toEqual({ kind: 'rate', score, number });
      }),
    );
  });

  it.each(['csat', 'csat:4', 'csat:0:QP-20261126-0001', 'csat:6:QP-20261126-0001', 'csat:4.0:QP-20261126-0001', 'csat:04:QP-20261126-0001', 'csat: 4:QP-20261126-0001', 'csat:4:qp-20261126-0001', 'csat:4:QP-20261126-0001:x', 'csat:4:../QP-20261126-0001', 'CSAT:4:QP-20261126-0001', 'csat:-1:QP-20261126-0001'])(
    '%j is refused',
    (id) => {
      expect(parseActionId(id)).toBeUndefined();
    },
  );

  it('never throws, and yields a valid score for a real case number or nothing, on any string', () => {
    const id = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ maxLength: 80 }).map((rest) => `csat:${rest}`),
      fc.tuple(fc.string({ maxLength: 3 }), caseNumber, fc.string({ maxLength: 3 })).map(([score, number, tail]) => `csat:${score}:${number}${tail}`),
    );
    fc.assert(
      fc.property(id, (raw) => {
        const parsed = parseActionId(raw);
        if (parsed?.kind !== 'rate') return;
        expect(SURVEY_SCORES).toContain(parsed.score);
        expect(raw).toBe(`csat:${parsed.score}:${parsed.number}`);
      }),
    );
  });
});
