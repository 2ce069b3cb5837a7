import type { ModalView } from '@slack/types';
import type { ChannelEvent, ChatAddress, PlatformFile, Surface } from '../../contracts/channel.ts';
import { buildFormModal, decodeFormMetadata, decodeFormValue, FORM_CALLBACK_ID, readFormValues } from './slack-forms.ts';
import {
  blockActionsSchema,
  eventCallbackSchema,
  messageEventSchema,
  payloadTypeSchema,
  urlVerificationSchema,
  viewSubmissionSchema,
  type SlackBlockActions,
  type SlackViewSubmission,
} from './slack-payloads.ts';
import { cleanTypedText } from '../../domain/intake/storable-text.ts';
import { decodeSlackText } from './slack-text.ts';

/** Where the channel's surfaces live in the workspace. */
export interface SlackSurfaces {
  staffChannel?: string | undefined;
  managerChannel?: string | undefined;
}

/** What one verified Slack payload asks of us. */
export type SlackInbound =
  /** `url_verification`: echo the challenge. */
  | { type: 'challenge'; challenge: string }
  /** An event for the sink. For actions, `actionId` may still be a `tok:` short token to expand. */
  | { type: 'event'; event: ChannelEvent }
  /** A form button was pressed: open this modal with the trigger now; the submission is the action. */
  | { type: 'open_form'; triggerId: string; view: ModalView }
  /** A modal was submitted with missing fields: answer `response_action: 'errors'`. */
  | { type: 'form_errors'; errors: Record<string, string> }
  /** Nothing for us (bot messages, edits, other channels, other event types); acknowledged and dropped. */
  | { type: 'ignored'; reason: string };

/** Message subtypes that are still a person writing; every other subtype (edits, deletes, joins, bots) is ignored. */
const keptSubtypes: ReadonlySet<string> = new Set(['file_share', 'thread_broadcast']);

/** The surface a Slack conversation is, or undefined when it is none of ours. IM ids start with `D`. */
export function surfaceOf(channel: string, surfaces: SlackSurfaces, channelType?: string): Surface | undefined {
  if (surfaces.staffChannel && channel === surfaces.staffChannel) return 'staff';
  if (surfaces.managerChannel && channel === surfaces.managerChannel) return 'manager';
  if (channelType === 'im' || (channelType === undefined && channel.startsWith('D'))) return 'merchant';
  return undefined;
}

const address = (workspace: string, channel: string): ChatAddress => ({ platform: 'slack', workspace, externalChatId: channel });

function normalizeEventCallback(payload: unknown, surfaces: SlackSurfaces, receivedAt: Date): SlackInbound {
  const envelope = eventCallbackSchema.safeParse(payload);
  if (!envelope.success) return { type: 'ignored', reason: 'malformed event_callback' };
  const { team_id: workspace, event_id: deliveryId, event: raw } = envelope.data;
  if (raw.type !== 'message') return { type: 'ignored', reason: `event ${raw.type}` };
  const parsed = messageEventSchema.safeParse(raw);
  if (!parsed.success) return { type: 'ignored', reason: 'malformed message event' };
  const message = parsed.data;
  if (message.bot_id || message.subtype === 'bot_message') return { type: 'ignored', reason: 'bot message' };
  if (message.subtype && !keptSubtypes.has(message.subtype)) return { type: 'ignored', reason: `subtype ${message.subtype}` };
  if (!message.user) return { type: 'ignored', reason: 'no user' };
  const surface = surfaceOf(message.channel, surfaces, message.channel_type);
  if (!surface) return { type: 'ignored', reason: 'not a channel of ours' };
  // Control characters and lone surrogates carry nothing a person typed (the console and Telegram drop them too).
  const text = cleanTypedText(decodeSlackText(message.text ?? ''));
  const files: PlatformFile[] = (message.files ?? []).map((file) => ({
    fileId: file.id,
    ...(file.name !== undefined ? { fileName: file.name } : {}),
    ...(file.mimetype !== undefined ? { mimeType: file.mimetype } : {}),
    ...(file.size !== undefined ? { sizeBytes: file.size } : {}),
  }));
  if (!text.trim() && !files.length) return { type: 'ignored', reason: 'empty message' };
  // A thread's parent carries thread_ts === ts; only replies sit under another message.
  const inReplyTo = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : undefined;
  return {
    type: 'event',
    event: {
      deliveryId,
      address: address(workspace, message.channel),
      surface,
      user: { externalUserId: message.user },
      kind: 'message',
      ...(text.trim() ? { text } : {}),
      ...(files.length ? { files } : {}),
      ...(inReplyTo ? { inReplyTo } : {}),
      receivedAt,
    },
  };
}

function normalizeBlockActions(payload: SlackBlockActions, surfaces: SlackSurfaces, receivedAt: Date): SlackInbound {
  const [action] = payload.actions;
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  if (!action || !channel) return { type: 'ignored', reason: 'action outside a conversation' };
  const surface = surfaceOf(channel, surfaces);
  if (!surface) return { type: 'ignored', reason: 'not a channel of ours' };
  const messageTs = payload.container?.message_ts ?? payload.message?.ts;
  const form = decodeFormValue(action.value);
  if (form) {
    const metadata = { actionId: action.action_id, channel, ...(messageTs ? { messageTs } : {}) };
    return { type: 'open_form', triggerId: payload.trigger_id, view: buildFormModal(form, metadata) };
  }
  return {
    type: 'event',
    event: {
      // Slack stamps each press with its own action_ts; a redelivery of the same press repeats it.
      deliveryId: `action:${action.action_ts}:${payload.user.id}`,
      address: address(payload.team?.id ?? payload.user.team_id ?? '', channel),
      surface,
      user: { externalUserId: payload.user.id },
      kind: 'action',
      actionId: action.action_id,
      ...(messageTs ? { inReplyTo: messageTs } : {}),
      receivedAt,
    },
  };
}

function normalizeViewSubmission(payload: SlackViewSubmission, surfaces: SlackSurfaces, receivedAt: Date): SlackInbound {
  const { view } = payload;
  if (view.callback_id !== FORM_CALLBACK_ID) return { type: 'ignored', reason: 'not our modal' };
  const metadata = decodeFormMetadata(view.private_metadata);
  if (!metadata) return { type: 'ignored', reason: 'modal without our metadata' };
  const surface = surfaceOf(metadata.channel, surfaces);
  if (!surface) return { type: 'ignored', reason: 'not a channel of ours' };
  const reading = readFormValues(view.state.values);
  if (!reading.ok) return { type: 'form_errors', errors: reading.errors };
  return {
    type: 'event',
    event: {
      // One modal is submitted successfully once; a failed validation never reached the sink.
      deliveryId: `view:${view.id}`,
      address: address(payload.team?.id ?? payload.user.team_id ?? '', metadata.channel),
      surface,
      user: { externalUserId: payload.user.id },
      kind: 'action',
      actionId: metadata.actionId,
      fields: reading.fields,
      ...(metadata.messageTs ? { inReplyTo: metadata.messageTs } : {}),
      receivedAt,
    },
  };
}

/**
 * Normalizes one verified Slack payload (the JSON of an Events API body, or the `payload` field
 * of an interactivity body; Socket Mode envelopes carry the same JSON). Pure: the clock arrives
 * as `receivedAt`. Payloads that do not parse are `ignored`, never errors: Slack would only
 * retry them.
 */
export function normalizeSlackPayload(payload: unknown, surfaces: SlackSurfaces, receivedAt: Date): SlackInbound {
  const typed = payloadTypeSchema.safeParse(payload);
  if (!typed.success) return { type: 'ignored', reason: 'no payload type' };
  switch (typed.data.type) {
    case 'url_verification': {
      const parsed = urlVerificationSchema.safeParse(payload);
      return parsed.success ? { type: 'challenge', challenge: parsed.data.challenge } : { type: 'ignored', reason: 'malformed url_verification' };
    }
    case 'event_callback':
      return normalizeEventCallback(payload, surfaces, receivedAt);
    case 'block_actions': {
      const parsed = blockActionsSchema.safeParse(payload);
      return parsed.success ? normalizeBlockActions(parsed.data, surfaces, receivedAt) : { type: 'ignored', reason: 'malformed block_actions' };
    }
    case 'view_submission': {
      const parsed = viewSubmissionSchema.safeParse(payload);
      return parsed.success ? normalizeViewSubmission(parsed.data, surfaces, receivedAt) : { type: 'ignored', reason: 'malformed view_submission' };
    }
    default:
      return { type: 'ignored', reason: `payload ${typed.data.type}` };
  }
}
