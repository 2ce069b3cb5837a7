import { z } from 'zod';
import { isCaseNumber, PROBLEM_CATEGORIES } from '../domain/intake/index.ts';
import type { ProblemCategory } from '../domain/intake/index.ts';
import type { QualityRemedy } from '../domain/policy/policy-schema.ts';
import { QUALITY_REMEDIES } from '../domain/policy/policy-schema.ts';
import type { SurveyScore } from '../domain/satisfaction/survey.ts';
import { surveyActionId, surveyActionSchema } from '../contracts/survey-action.ts';
import type { FlowKind, SlotName } from './intake-flows.ts';
import { FLOW_KINDS, SLOT_NAMES } from './intake-flows.ts';

/** Telegram's callback_data limit; every id we build must fit it. */
export const MAX_ACTION_ID_BYTES = 64;

/** Entries of the main menu. */
export const MENU_ITEMS = ['quality', 'return', 'exchange', 'status', 'complaint', 'consult', 'help'] as const;

/** A parsed button press. */
export type Action =
  | { kind: 'menu'; item: (typeof MENU_ITEMS)[number] }
  | { kind: 'lang'; lang: 'zh' | 'en' }
  | { kind: 'confirm'; rev: number }
  | { kind: 'edit' }
  | { kind: 'cancelDraft' }
  | { kind: 'skip' }
  | { kind: 'keep' }
  | { kind: 'person' }
  | { kind: 'date'; ok: boolean }
  | { kind: 'switch'; flow: FlowKind }
  | { kind: 'editSlot'; slot: SlotName }
  | { kind: 'category'; category: ProblemCategory }
  | { kind: 'remedy'; remedy: QualityRemedy }
  | { kind: 'case'; op: 'view' | 'cancel' | 'cancelConfirmed' | 'post'; number: string }
  | { kind: 'answer'; helpful: boolean; answerId: string }
  | { kind: 'rate'; score: SurveyScore; number: string };

const caseNumber = z.string().refine(isCaseNumber);
const CASE_OPS = { view: 'view', cancel: 'cancel', 'cancel-yes': 'cancelConfirmed', post: 'post' } as const;

const actionSchema = z
  .string()
  .refine((id) => Buffer.byteLength(id, 'utf8') <= MAX_ACTION_ID_BYTES)
  .transform((id) => id.split(':'))
  .pipe(
    z.union([
      z.tuple([z.literal('menu'), z.enum(MENU_ITEMS)]).transform(([, item]): Action => ({ kind: 'menu', item })),
      z.tuple([z.literal('lang'), z.enum(['zh', 'en'])]).transform(([, lang]): Action => ({ kind: 'lang', lang })),
      z.tuple([z.literal('flow'), z.literal('confirm'), z.string().regex(/^\d{1,7}$/).transform(Number)]).transform(([, , rev]): Action => ({ kind: 'confirm', rev })),
      z.tuple([z.literal('flow'), z.enum(['edit', 'cancel', 'skip', 'keep'])]).transform(([, op]): Action => {
        const kinds = { edit: 'edit', cancel: 'cancelDraft', skip: 'skip', keep: 'keep' } as const;
        return { kind: kinds[op] };
      }),
      z.tuple([z.literal('person')]).transform((): Action => ({ kind: 'person' })),
      z.tuple([z.literal('date'), z.enum(['yes', 'no'])]).transform(([, answer]): Action => ({ kind: 'date', ok: answer === 'yes' })),
      z.tuple([z.literal('switch'), z.enum(FLOW_KINDS)]).transform(([, flow]): Action => ({ kind: 'switch', flow })),
      z.tuple([z.literal('edit'), z.enum(SLOT_NAMES)]).transform(([, slot]): Action => ({ kind: 'editSlot', slot })),
      z.tuple([z.literal('cat'), z.enum(PROBLEM_CATEGORIES)]).transform(([, category]): Action => ({ kind: 'category', category })),
      z.tuple([z.literal('remedy'), z.enum(QUALITY_REMEDIES)]).transform(([, remedy]): Action => ({ kind: 'remedy', remedy })),
      z.tuple([z.literal('ans'), z.enum(['ok', 'no']), z.uuid()]).transform(([, verdict, answerId]): Action => ({ kind: 'answer', helpful: verdict === 'ok', answerId })),
      z.tuple([z.literal('case'), z.enum(['view', 'cancel', 'cancel-yes', 'post']), caseNumber]).transform(([, op, number]): Action => ({ kind: 'case', op: CASE_OPS[op], number })),
      surveyActionSchema.transform(([, score, number]): Action => ({ kind: 'rate', score, number })),
    ]),
  );

/** Parses a pressed button's id; undefined for anything we did not issue (unknown, malformed, too long). */
export function parseActionId(id: string | undefined): Action | undefined {
  if (id === undefined) return undefined;
  const parsed = actionSchema.safeParse(id);
  return parsed.success ? parsed.data : undefined;
}

/** Builders for every id the bot issues, so the grammar lives in one file. */
export const actionIds = {
  menu: (item: (typeof MENU_ITEMS)[number]) => `menu:${item}`,
  lang: (lang: 'zh' | 'en') => `lang:${lang}`,
  confirm: (rev: number) => `flow:confirm:${rev}`,
  edit: () => 'flow:edit',
  cancelDraft: () => 'flow:cancel',
  skip: () => 'flow:skip',
  keep: () => 'flow:keep',
  person: () => 'person',
  /** Yes / no to "上周五是 11月20日（周五），对吗？". */
  dateYes: () => 'date:yes',
  dateNo: () => 'date:no',
  switchTo: (flow: FlowKind) => `switch:${flow}`,
  editSlot: (slot: SlotName) => `edit:${slot}`,
  category: (category: ProblemCategory) => `cat:${category}`,
  remedy: (remedy: QualityRemedy) => `remedy:${remedy}`,
  viewCase: (number: string) => `case:view:${number}`,
  cancelCase: (number: string) => `case:cancel:${number}`,
  cancelCaseConfirmed: (number: string) => `case:cancel-yes:${number}`,
  /** Post the kept message to this case's staff thread. */
  postToCase: (number: string) => `case:post:${number}`,
  /** Under a consultation answer: "this helped" / "not satisfied" (3.3.3). */
  answerFeedback: (answerId: string, helpful: boolean) => `ans:${helpful ? 'ok' : 'no'}:${answerId}`,
  /** A score button of the satisfaction survey sent when a case is resolved (6.2.3). */
  rate: (score: SurveyScore, number: string) => surveyActionId(score, number),
} as const;
