import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may carry secrets or what a merchant wrote. They are removed at every level:
 * message text is logged only through explicit `debug` calls that name it, never by accident.
 */
const redactedPaths = [
  'token', '*.token', 'authorization', '*.authorization', 'password', '*.password',
  'text', '*.text', 'DATABASE_URL', 'REDIS_URL', 'databaseUrl', 'redisUrl', '*.databaseUrl', '*.redisUrl',
];

/** Creates the process logger (JSON lines on stdout, or a given destination in tests). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { service: 'intake-bot' }, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** Removes user and password from a connection URL so it can be logged. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '[unparseable url]';
  }
}
