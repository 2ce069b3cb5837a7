import path from 'node:path';
import { z } from 'zod';
import { parseBusinessHours, type TimePeriod } from './domain/calendar/index.ts';
import { isLoopbackHost } from './http/access.ts';

/**
 * Every environment variable the bot reads, with its default, declared once.
 * `.env.example` is checked against this table by a test, so a new variable cannot be forgotten there.
 */
export const configVariables = {
  PORT: { description: 'HTTP port of the web console, webhooks, /healthz, /readyz and /metrics.', default: '3000' },
  HOST: { description: 'Interface the HTTP server binds to. Keep 127.0.0.1 unless a proxy sits in front.', default: '127.0.0.1' },
  DATA_DIR: { description: 'Directory for local data: the embedded database (when DATABASE_URL is unset) and the operator calendar file.', default: './data' },
  DATABASE_URL: { description: 'PostgreSQL connection string. Unset: an embedded PostgreSQL (PGlite) persisted in DATA_DIR is used.', default: undefined },
  REDIS_URL: { description: 'Redis connection string for the BullMQ queues. Unset: BullMQ runs on its PostgreSQL backend in the same database.', default: undefined },
  QUEUE_PREFIX: { description: 'Key prefix of the BullMQ queues in Redis (lets several deployments share one Redis).', default: 'intake' },
  TZ_BUSINESS: { description: 'IANA time zone of business hours and working days.', default: 'Asia/Shanghai' },
  BUSINESS_HOURS: { description: 'Business hours on working days, one or more periods, e.g. 09:00-12:00,13:30-18:00. A deadline of N working days ends at the close of the last period.', default: '09:00-18:00' },
  CALENDAR_FILE: { description: 'Operator calendar file (JSON): extra closed/open dates, special hours, imported official schedules. Default <DATA_DIR>/calendar.json.', default: undefined },
  POLICY_FILE: { description: 'Optional JSON file overriding numbers of the default policy (prompts/policy/policy.json), e.g. a longer review time.', default: undefined },
  DRAFT_TTL_HOURS: { description: 'Hours after which an unfinished, unconfirmed request (a draft) is discarded.', default: '72' },
  LOG_LEVEL: { description: 'pino log level: fatal, error, warn, info, debug, trace or silent. Message text is logged only at debug.', default: 'info' },
  WORKER_CONCURRENCY: { description: 'How many chats the message worker processes at once (messages within one chat are always in order).', default: '4' },
  CONSOLE_REPLY_TIMEOUT_MS: { description: 'How long POST /api/console/messages waits for the replies before answering 202 (accepted, replies later).', default: '10000' },
  ALLOWED_HOSTS: { description: 'Extra host names (comma-separated) the server answers to besides 127.0.0.1, localhost and [::1] on PORT, e.g. bot.example.com behind a proxy. Other Host headers get 421 (DNS rebinding).', default: undefined },
  CONSOLE_TOKEN: { description: 'Bearer token the console API and uploads require (Authorization: Bearer <token>; the page asks for it once). Required when HOST is not a loopback address; at least 16 characters.', default: undefined },
  HTTP_REQUEST_TIMEOUT_MS: { description: 'Longest time a client may take to send a whole request (headers and body) before a 408.', default: '30000' },
  HTTP_HEADERS_TIMEOUT_MS: { description: 'Longest time a client may take to send the request headers; at most HTTP_REQUEST_TIMEOUT_MS.', default: '15000' },
  UPLOAD_RETENTION_HOURS: { description: 'Console photos that no case or draft refers to are deleted this many hours after their upload.', default: '168' },
} as const satisfies Record<string, { description: string; default: string | undefined }>;

export type ConfigVariable = keyof typeof configVariables;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function validBusinessHours(spec: string): boolean {
  try {
    parseBusinessHours(spec);
    return true;
  } catch {
    return false;
  }
}

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `expected a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }));

const urlWithScheme = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, { message: `expected a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}` });

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  PORT: intIn(0, 65535),
  HOST: z.string().trim().min(1),
  DATA_DIR: z.string().trim().min(1),
  DATABASE_URL: optional(urlWithScheme(['postgres:', 'postgresql:'])),
  REDIS_URL: optional(urlWithScheme(['redis:', 'rediss:'])),
  QUEUE_PREFIX: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'expected 1-40 letters, digits, "-" or "_"' }),
  TZ_BUSINESS: z.string().trim().refine(isTimeZone, { message: 'expected an IANA time zone such as Asia/Shanghai' }),
  BUSINESS_HOURS: z.string().trim().refine(validBusinessHours, { message: 'expected periods like 09:00-18:00 or 09:00-12:00,13:30-18:00' }),
  CALENDAR_FILE: optional(z.string().trim().min(1)),
  POLICY_FILE: optional(z.string().trim().min(1)),
  DRAFT_TTL_HOURS: intIn(1, 24 * 90),
  LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }),
  WORKER_CONCURRENCY: intIn(1, 256),
  CONSOLE_REPLY_TIMEOUT_MS: intIn(100, 120_000),
  UPLOAD_RETENTION_HOURS: intIn(1, 24 * 3650),
  ALLOWED_HOSTS: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.\-\[\]:]+(\s*,\s*[A-Za-z0-9.\-\[\]:]+)*$/, { message: 'expected host names separated by commas, e.g. bot.example.com,10.0.0.5' }),
  ),
  CONSOLE_TOKEN: optional(z.string().trim().regex(/^\S{16,}$/, { message: 'expected at least 16 characters without spaces' })),
  HTTP_REQUEST_TIMEOUT_MS: intIn(1_000, 3_600_000),
  HTTP_HEADERS_TIMEOUT_MS: intIn(1_000, 3_600_000),
});

/** The validated configuration; paths are absolute. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  queuePrefix: string;
  businessTimeZone: string;
  businessHours: TimePeriod[];
  calendarFile: string;
  policyFile: string | undefined;
  draftTtlMs: number;
  logLevel: (typeof logLevels)[number];
  workerConcurrency: number;
  consoleReplyTimeoutMs: number;
  uploadRetentionMs: number;
  /** Lower-case host names (no port) the server answers to besides the loopback names. */
  allowedHosts: string[];
  consoleToken: string | undefined;
  httpTimeouts: { requestMs: number; headersMs: number };
}

/** Thrown when the environment is invalid; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  readonly code = 'config.invalid';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws {@link ConfigError} naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const raw: Record<string, string | undefined> = {};
  for (const [name, spec] of Object.entries(configVariables)) {
    const value = env[name];
    raw[name] = value === undefined || value.trim() === '' ? spec.default : value;
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = raw[name];
      return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  const crossChecks = [
    ...(!isLoopbackHost(e.HOST) && e.CONSOLE_TOKEN === undefined ? [`CONSOLE_TOKEN: required when HOST is not a loopback address (HOST is ${JSON.stringify(e.HOST)}); set a token of at least 16 characters`] : []),
    ...(e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS ? [`HTTP_HEADERS_TIMEOUT_MS: must be at most HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS}) (got "${e.HTTP_HEADERS_TIMEOUT_MS}")`] : []),
  ];
  if (crossChecks.length > 0) throw new ConfigError(crossChecks);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    businessTimeZone: e.TZ_BUSINESS,
    businessHours: parseBusinessHours(e.BUSINESS_HOURS),
    calendarFile: path.resolve(cwd, e.CALENDAR_FILE ?? path.join(e.DATA_DIR, 'calendar.json')),
    policyFile: e.POLICY_FILE === undefined ? undefined : path.resolve(cwd, e.POLICY_FILE),
    draftTtlMs: e.DRAFT_TTL_HOURS * 3_600_000,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    consoleReplyTimeoutMs: e.CONSOLE_REPLY_TIMEOUT_MS,
    uploadRetentionMs: e.UPLOAD_RETENTION_HOURS * 3_600_000,
    allowedHosts: (e.ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/:\d+$/, '')).filter((h) => h !== ''),
    consoleToken: e.CONSOLE_TOKEN,
    httpTimeouts: { requestMs: e.HTTP_REQUEST_TIMEOUT_MS, headersMs: e.HTTP_HEADERS_TIMEOUT_MS },
  };
}
