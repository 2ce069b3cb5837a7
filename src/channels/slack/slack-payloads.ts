import { z } from 'zod';

/**
 * Zod schemas for the subset of Slack payloads this channel reads: Events API envelopes
 * (`url_verification`, `event_callback` with `message` events) and interactivity payloads
 * (`block_actions`, `view_submission`). Unknown fields are stripped; anything else Slack sends
 * is recognised by its `type` only and ignored.
 */

export const slackFileSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});

/** A `message` event (message.im, message.channels, message.groups). */
export const messageEventSchema = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(slackFileSchema).optional(),
});
export type SlackMessageEvent = z.infer<typeof messageEventSchema>;

export const urlVerificationSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().max(1000),
});

export const eventCallbackSchema = z.object({
  type: z.literal('event_callback'),
  team_id: z.string().min(1),
  event_id: z.string().min(1),
  /** Left unparsed here: only `message` events are read, by {@link messageEventSchema}. */
  event: z.object({ type: z.string() }).loose(),
});

const teamSchema = z.object({ id: z.string().min(1) });
const userSchema = z.object({ id: z.string().min(1), team_id: z.string().optional() });

export const blockActionSchema = z.object({
  action_id: z.string().min(1),
  value: z.string().optional(),
  action_ts: z.string().min(1),
});

export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: teamSchema.nullable().optional(),
  user: userSchema,
  trigger_id: z.string().min(1),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  actions: z.array(blockActionSchema).min(1),
});
export type SlackBlockActions = z.infer<typeof blockActionsSchema>;

const inputValueSchema = z.object({ value: z.string().nullable().optional() });

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  team: teamSchema.nullable().optional(),
  user: userSchema,
  view: z.object({
    id: z.string().min(1),
    callback_id: z.string(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputValueSchema)) }),
  }),
});
export type SlackViewSubmission = z.infer<typeof viewSubmissionSchema>;

/** The discriminator every Slack payload carries. */
export const payloadTypeSchema = z.object({ type: z.string() });
