import { z } from 'zod';
import { isCaseNumber } from '../domain/intake/case-number.ts';
import { SURVEY_SCORES, type SurveyScore } from '../domain/satisfaction/survey.ts';

/**
 * The survey's score buttons (6.2.3), `csat:<score>:<case number>` (at most 26 bytes, well inside
 * Telegram's 64-byte callback_data). The case layer writes them into the survey message and the
 * conversation parses them (src/conversation/action-ids.ts), so the grammar lives here, below both.
 */
export const surveyActionSchema = z.tuple([
  z.literal('csat'),
  z.enum(SURVEY_SCORES.map(String) as [string, ...string[]]).transform((s) => Number(s) as SurveyScore),
  z.string().refine(isCaseNumber),
]);

/** The id of the button that gives `score` to case `number`. */
export function surveyActionId(score: SurveyScore, number: string): string {
  return `csat:${score}:${number}`;
}
