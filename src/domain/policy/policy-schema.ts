import { z } from 'zod';
import { clauseIdSchema } from './clauses.ts';

/** The event a deadline is counted from. */
export const DEADLINE_ANCHORS = [
  'report_received',
  'request_received',
  'goods_received',
  'returned_goods_received',
  'followup_opened',
  'complaint_recorded',
] as const;

/** What staff may do about a quality problem (3.1.3 names replacement and refund "等"; the design adds repair). */
export const QUALITY_REMEDIES = ['replace', 'repair', 'refund', 'other'] as const;

/** A quality-problem remedy. */
export type QualityRemedy = (typeof QUALITY_REMEDIES)[number];

// No step in the contract is longer than 7 working days; the ceiling catches a typo such as 20 → 200.
const MAX_WORKING_DAYS = 60;

/** A deadline counted in working days from its anchor, citing the clause it comes from. */
export const deadlineRuleSchema = z.strictObject({
  workingDays: z.int().min(1).max(MAX_WORKING_DAYS),
  clause: clauseIdSchema,
  anchor: z.enum(DEADLINE_ANCHORS),
  /** false where the contract only says "及时" (promptly) and the number is our choice. */
  contractFixed: z.boolean(),
});

/** A deadline rule as stored in the policy file. */
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

const deadlinesSchema = z.strictObject({
  qualityFirstContact: deadlineRuleSchema,
  returnRequestWindow: deadlineRuleSchema,
  returnReview: deadlineRuleSchema,
  refundOrExchangeAfterGoodsReceived: deadlineRuleSchema,
  consultationFollowUpContact: deadlineRuleSchema,
  /** 4.3.2 sets no number: the platform's own service target for concluding a complaint, timed for managers only. */
  complaintHandling: deadlineRuleSchema,
});

/** The name of one policy deadline. */
export const deadlineNameSchema = deadlinesSchema.keyof();

/** The name of one policy deadline. */
export type DeadlineName = z.infer<typeof deadlineNameSchema>;

/** Every deadline name, in file order. */
export const DEADLINE_NAMES: readonly DeadlineName[] = deadlineNameSchema.options;

/**
 * Deadlines that are internal service targets, not promises to merchants: they time staff and managers
 * but are never quoted to a merchant (answers, FAQ templates, a case's next step), and a figure in an
 * answer is never accepted because it equals one of them.
 */
export const INTERNAL_DEADLINE_NAMES = ['complaintHandling'] as const satisfies readonly DeadlineName[];

/** An internal deadline (see `INTERNAL_DEADLINE_NAMES`). */
export type InternalDeadlineName = (typeof INTERNAL_DEADLINE_NAMES)[number];

/** Whether `name` is an internal service target rather than a promise to merchants. */
export function isInternalDeadline(name: DeadlineName): name is InternalDeadlineName {
  return (INTERNAL_DEADLINE_NAMES as readonly DeadlineName[]).includes(name);
}

/** The deadlines merchants may be told about, in file order. */
export const MERCHANT_DEADLINE_NAMES: readonly DeadlineName[] = DEADLINE_NAMES.filter((name) => !isInternalDeadline(name));

/** The policy file: deadlines plus the non-numeric rules the bot and the rule checker enforce. */
export const policySchema = z.strictObject({
  version: z.string().min(1),
  deadlines: deadlinesSchema,
  /** 3.2.1: a late return request is never auto-rejected; staff see it flagged. */
  lateReturnRequests: z.strictObject({ handling: z.literal('flag_for_staff'), clause: clauseIdSchema }),
  qualityRemedies: z.strictObject({
    allowed: z
      .array(z.enum(QUALITY_REMEDIES))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'remedies must not repeat'),
    clause: clauseIdSchema,
  }),
  /** 4.3.2: complaints go to managers, never to the staff member concerned. */
  complaints: z.strictObject({
    routeTo: z.literal('managers'),
    excludeStaffConcerned: z.literal(true),
    clause: clauseIdSchema,
  }),
  /** 4.4.2: the merchant confirms the case summary before a case is opened. */
  merchantConfirmation: z.strictObject({ required: z.boolean(), clause: clauseIdSchema }),
});

/** The validated after-sales policy. */
export type Policy = z.infer<typeof policySchema>;
