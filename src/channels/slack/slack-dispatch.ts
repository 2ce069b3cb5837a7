import type { ModalView } from '@slack/types';
import type { ActionTokenStore, ChannelEvent, InboundSink } from '../../contracts/channel.ts';
import type { Logger } from '../../log.ts';
import { normalizeSlackPayload, type SlackSurfaces } from './slack-normalize.ts';

/** Prefix of an `action_id` that is a short token for an id longer than Slack's 255 characters. */
export const ACTION_TOKEN_PREFIX = 'tok:';

/** What to answer Slack: the JSON body (HTTP) or ack payload (Socket Mode); none is an empty 200. */
export interface SlackAck {
  body?: Record<string, unknown>;
}

/** What the dispatcher needs; the same for the HTTP route and Socket Mode. */
export interface SlackDispatchDeps {
  surfaces: SlackSurfaces;
  sink: InboundSink;
  tokens: ActionTokenStore;
  /** Calls `views.open`; must run before Slack's 3-second trigger expires. */
  openView: (triggerId: string, view: ModalView) => Promise<void>;
  log: Logger;
  now: () => Date;
}

/** Where a redelivery came from, for the log only: a retry carries the same deliveryId. */
export interface SlackDeliveryMeta {
  retryNum?: number | undefined;
}

/** Handles one verified Slack payload; throws only when the sink could not store the event. */
export type SlackDispatch = (payload: unknown, meta?: SlackDeliveryMeta) => Promise<SlackAck>;

async function expandActionId(event: ChannelEvent, tokens: ActionTokenStore): Promise<ChannelEvent | null> {
  if (!event.actionId?.startsWith(ACTION_TOKEN_PREFIX)) return event;
  const actionId = await tokens.expand(event.actionId.slice(ACTION_TOKEN_PREFIX.length));
  return actionId === null ? null : { ...event, actionId };
}

/**
 * The one path every Slack payload takes, whichever transport brought it: normalize, then
 * answer the challenge, open a form's modal at once, report a form's missing fields, or hand
 * the event to the sink (which only stores it) and acknowledge. Redeliveries (`x-slack-retry-num`,
 * Socket Mode `retry_attempt`) are not special here: they repeat the deliveryId and the sink dedupes.
 */
export function createSlackDispatcher(deps: SlackDispatchDeps): SlackDispatch {
  return async (payload, meta = {}) => {
    const inbound = normalizeSlackPayload(payload, deps.surfaces, deps.now());
    switch (inbound.type) {
      case 'challenge':
        return { body: { challenge: inbound.challenge } };
      case 'ignored':
        deps.log.debug({ reason: inbound.reason }, 'slack payload ignored');
        return {};
      case 'form_errors':
        return { body: { response_action: 'errors', errors: inbound.errors } };
      case 'open_form':
        try {
          await deps.openView(inbound.triggerId, inbound.view);
        } catch (error) {
          // The trigger is single-use and short-lived: a retry could not open the modal either.
          deps.log.warn({ err: error }, 'slack views.open failed');
        }
        return {};
      case 'event': {
        const event = await expandActionId(inbound.event, deps.tokens);
        if (!event) {
          deps.log.info({ deliveryId: inbound.event.deliveryId }, 'slack action with an unknown or expired token ignored');
          return {};
        }
        const { duplicate } = await deps.sink.accept(event);
        deps.log.info(
          { deliveryId: event.deliveryId, surface: event.surface, kind: event.kind, duplicate, retryNum: meta.retryNum },
          'slack event accepted',
        );
        return {};
      }
    }
  };
}
