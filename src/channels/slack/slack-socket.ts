import { SocketModeClient } from '@slack/socket-mode';
import type { Logger } from '../../log.ts';
import type { SlackDispatch } from './slack-dispatch.ts';
import { slackLoggerFor } from './slack-logger.ts';

/** What the Socket Mode receiver needs. */
export interface SlackSocketDeps {
  appToken: string;
  /** The Web API base URL (`apps.connections.open` is called there; tests point it at a fake). */
  apiUrl: string;
  dispatch: SlackDispatch;
  log: Logger;
}

/** The part of a Socket Mode envelope we read (`slack_event` from `@slack/socket-mode`). */
interface SocketEnvelope {
  type: string;
  body?: unknown;
  retry_num?: number;
  ack: (response?: Record<string, unknown>) => Promise<void>;
}

/**
 * Socket Mode: Slack pushes the same payloads as over HTTP through a WebSocket, `events_api`
 * envelopes carrying the Events API body and `interactive` ones the interactivity payload. Each
 * goes through the shared dispatch and is acknowledged with its answer (e.g. a modal's
 * `response_action`). When the sink cannot store an event, no ack is sent and Slack redelivers.
 */
export function createSlackSocket(deps: SlackSocketDeps): SocketModeClient {
  const client = new SocketModeClient({
    appToken: deps.appToken,
    logger: slackLoggerFor(deps.log),
    clientOptions: { slackApiUrl: deps.apiUrl },
  });
  client.on('slack_event', (envelope: SocketEnvelope) => {
    void (async () => {
      if (envelope.type !== 'events_api' && envelope.type !== 'interactive') {
        await envelope.ack();
        return;
      }
      let answer: Record<string, unknown> | undefined;
      try {
        answer = (await deps.dispatch(envelope.body, { retryNum: envelope.retry_num })).body;
      } catch (error) {
        deps.log.warn({ err: error }, 'slack socket event not stored; Slack will redeliver');
        return;
      }
      await envelope.ack(answer);
    })().catch((error: unknown) => deps.log.warn({ err: error }, 'slack socket ack failed'));
  });
  return client;
}
