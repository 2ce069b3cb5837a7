import { LogLevel, type Logger as SlackLogger } from '@slack/socket-mode';
import type { Logger } from '../../log.ts';

const describe = (parts: unknown[]) =>
  parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p) ?? String(p))).join(' ');

/**
 * Adapts our pino logger to the `@slack/logger` interface the Web API and Socket Mode clients take,
 * so they do not print to the console. Their `debug` output carries request and event bodies
 * (message text), so it goes to `trace`; the Web API client redacts tokens itself.
 */
export function slackLoggerFor(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack-sdk' });
  return {
    debug: (...parts: unknown[]) => child.trace(describe(parts)),
    info: (...parts: unknown[]) => child.info(describe(parts)),
    warn: (...parts: unknown[]) => child.warn(describe(parts)),
    error: (...parts: unknown[]) => child.error(describe(parts)),
    setLevel: () => undefined,
    getLevel: () => (child.isLevelEnabled('trace') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}
