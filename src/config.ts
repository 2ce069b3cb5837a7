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
  POLICY_FILE: { description: 'Optional JSON file overriding numbers of the default policy (policy/policy.json), e.g. a longer review time.', default: undefined },
  DRAFT_TTL_HOURS: { description: 'Hours after which an unfinished, unconfirmed request (a draft) is discarded.', default: '72' },
  LOG_LEVEL: { description: 'pino log level: fatal, error, warn, info, debug, trace or silent. Message text is logged only at debug.', default: 'info' },
  PROCESS_ROLE: { description: 'What this process runs, for several processes over one database: all (everything), web (the HTTP server: console, webhooks, health; stores messages and enqueues them) or worker (the queue workers, sweeps and schedules; HTTP only for /healthz, /readyz and /metrics). web and worker need DATABASE_URL.', default: 'all' },
  DATABASE_POOL_SIZE: { description: 'Connections of each PostgreSQL pool of this process (Prisma, the message pipeline, storing messages; chat leases take at most 5): at most 3 × this + 7 per process, and every process counts against PostgreSQL\'s max_connections.', default: '10' },
  WORKER_CONCURRENCY: { description: 'How many chats the message worker processes at once (messages within one chat are always in order).', default: '4' },
  CONSOLE_MAX_WAITING: { description: 'Requests that may wait for their replies at once; past it new ones are answered 503 with Retry-After before anything is stored (load shedding).', default: '500' },
  CONSOLE_REPLY_TIMEOUT_MS: { description: 'How long POST /api/console/messages waits for the replies before answering 202 (accepted, replies later).', default: '10000' },
  PUBLIC_URL: { description: 'Public base URL of this server as platforms reach it (https://bot.example.com); Telegram\'s webhook is PUBLIC_URL/telegram/webhook.', default: undefined },
  TELEGRAM_BOT_TOKEN: { description: 'Bot token from @BotFather. Set: the Telegram channel is on.', default: undefined },
  TELEGRAM_MODE: { description: 'How Telegram updates arrive: webhook (POST /telegram/webhook, needs TELEGRAM_WEBHOOK_SECRET) or polling (getUpdates, no public URL needed).', default: 'webhook' },
  TELEGRAM_WEBHOOK_SECRET: { description: 'Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -). Required in webhook mode.', default: undefined },
  TELEGRAM_STAFF_CHAT_ID: { description: 'Telegram group id of the staff desk (a negative number, e.g. -1001234567890).', default: undefined },
  TELEGRAM_MANAGER_CHAT_ID: { description: 'Telegram group id of the managers (a negative number).', default: undefined },
  TELEGRAM_API_ROOT: { description: 'Bot API server root: Telegram\'s, a self-hosted Bot API server, or a test double.', default: 'https://api.telegram.org' },
  INBOUND_SWEEP_MS: { description: 'Messages still unprocessed after this long are enqueued again (queue outage, killed worker); the sweep also runs this often.', default: '15000' },
  SLACK_BOT_TOKEN: { description: 'Slack bot token (xoxb-...). The Slack channel is on when set with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode).', default: undefined },
  SLACK_SIGNING_SECRET: { description: 'Slack signing secret; verifies requests to /slack/events (HTTP mode).', default: undefined },
  SLACK_APP_TOKEN: { description: 'Slack app-level token (xapp-...) with connections:write. Set: Socket Mode, no public URL needed.', default: undefined },
  SLACK_STAFF_CHANNEL: { description: 'Slack channel id (C... or G...) where staff get case cards.', default: undefined },
  SLACK_MANAGER_CHANNEL: { description: 'Slack channel id (C... or G...) for manager escalations and summaries.', default: undefined },
  SLACK_API_URL: { description: 'Base URL of the Slack Web API (tests point it at a fake).', default: 'https://slack.com/api/' },
  ALLOWED_HOSTS: { description: 'Extra host names (comma-separated) the server answers to besides 127.0.0.1, localhost and [::1] on PORT, e.g. bot.example.com behind a proxy. Other Host headers get 421 (DNS rebinding).', default: undefined },
  CONSOLE_TOKEN: { description: 'Bearer token the console API and uploads require (Authorization: Bearer <token>; the page asks for it once). Required when HOST is not a loopback address; at least 16 characters.', default: undefined },
  HTTP_REQUEST_TIMEOUT_MS: { description: 'Longest time a client may take to send a whole request (headers and body) before a 408.', default: '30000' },
  HTTP_HEADERS_TIMEOUT_MS: { description: 'Longest time a client may take to send the request headers; at most HTTP_REQUEST_TIMEOUT_MS.', default: '15000' },
  UPLOAD_RETENTION_HOURS: { description: 'Console photos that no case or draft refers to are deleted this many hours after their upload.', default: '168' },
  OPENAI_API_KEY: { description: 'API key of an OpenAI-compatible chat completions API. Set: ambiguous merchant messages get one structured model call; the model suggests, deterministic code decides. Unset: fully offline.', default: undefined },
  OPENAI_BASE_URL: { description: 'Base URL of the OpenAI-compatible API (a self-hosted server, a proxy, or a test double).', default: 'https://api.openai.com/v1' },
  OPENAI_MODEL: { description: 'Model name; it must support structured outputs (response_format json_schema).', default: 'gpt-4o-mini' },
  OPENAI_TIMEOUT_MS: { description: 'Longest time one model call may take, its one retry included; past it the bot carries on without the model.', default: '8000' },
  OPENAI_BREAKER_FAILURES: { description: 'Consecutive failed model calls (timeouts, HTTP errors) after which calls stop for OPENAI_BREAKER_COOLDOWN_MS.', default: '5' },
  OPENAI_BREAKER_COOLDOWN_MS: { description: 'How long model calls stay off after OPENAI_BREAKER_FAILURES failures; then one trial call decides whether they resume.', default: '30000' },
  SLA_WARN_AT: { description: 'When staff are reminded before an SLA deadline, as fractions of its business time (comma-separated, each between 0 and 1, or none); the manager escalation comes at the deadline itself.', default: '0.5,0.8' },
  FOLLOWUP_TIME_SCALE: { description: 'Multiplies every follow-up delay (SLA reminders, escalations, merchant reminders). 1 in production; e.g. 0.0005 in a demo makes two working days pass in about a minute and a half.', default: '1' },
  FOLLOWUP_SWEEP_MS: { description: 'How often deadlines whose timers are owed (new, moved by a calendar import, finished) are looked for, in case scheduling right after the change failed.', default: '30000' },
  HANDOFF_WARN_MINUTES: { description: 'Business minutes a merchant who asked for a person (转人工, 3.3.3) may wait with nobody taking the chat over before the staff desks are reminded, with the take-over button.', default: '30' },
  HANDOFF_ESCALATE_MINUTES: { description: 'Business minutes after the request with the chat still not taken over at which the managers get an escalation; more than HANDOFF_WARN_MINUTES.', default: '120' },
  MERCHANT_QUIET_HOURS: { description: 'Local hours (TZ_BUSINESS) in which no reminder is sent to a merchant; one due then waits for the end, e.g. 21:00-08:00, or none.', default: '21:00-08:00' },
  SUMMARY_TIME: { description: 'Local time (TZ_BUSINESS) of the daily summary to each manager channel, on working days; the weekly quality evaluation follows on Mondays.', default: '09:00' },
} as const satisfies Record<string, { description: string; default: string | undefined }>;

export type ConfigVariable = keyof typeof configVariables;

/** Variables whose values never appear in an error message. */
const secretVariables: ReadonlySet<string> = new Set(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'OPENAI_API_KEY']);

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

const slackChannelId = z.string().trim().regex(/^[CG][A-Z0-9]{6,}$/, { message: 'expected a Slack channel id such as C0123ABCD' });

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const telegramModes = ['webhook', 'polling'] as const;
export const processRoles = ['all', 'web', 'worker'] as const;
export type ProcessRole = (typeof processRoles)[number];
const telegramGroupId = z.string().trim().regex(/^-\d{1,19}$/, { message: 'expected a group id: a negative whole number such as -1001234567890' });

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
  PROCESS_ROLE: z.enum(processRoles, { message: `expected one of ${processRoles.join(', ')}` }),
  DATABASE_POOL_SIZE: intIn(1, 1000),
  WORKER_CONCURRENCY: intIn(1, 256),
  CONSOLE_REPLY_TIMEOUT_MS: intIn(100, 120_000),
  CONSOLE_MAX_WAITING: intIn(1, 100_000),
  PUBLIC_URL: optional(urlWithScheme(['https:', 'http:']).transform((u) => u.replace(/\/+$/, ''))),
  TELEGRAM_BOT_TOKEN: optional(z.string().trim().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, { message: 'expected a token like 123456789:AAH... from @BotFather' })),
  TELEGRAM_MODE: z.enum(telegramModes, { message: `expected one of ${telegramModes.join(', ')}` }),
  TELEGRAM_WEBHOOK_SECRET: optional(z.string().trim().regex(/^[A-Za-z0-9_-]{1,256}$/, { message: 'expected 1-256 letters, digits, "_" or "-"' })),
  TELEGRAM_STAFF_CHAT_ID: optional(telegramGroupId),
  TELEGRAM_MANAGER_CHAT_ID: optional(telegramGroupId),
  TELEGRAM_API_ROOT: urlWithScheme(['https:', 'http:']).transform((u) => u.replace(/\/+$/, '')),
  INBOUND_SWEEP_MS: intIn(100, 3_600_000),
  SLACK_BOT_TOKEN: optional(z.string().trim().regex(/^xoxb-[\w-]+$/, { message: 'expected a bot token starting with xoxb-' })),
  SLACK_SIGNING_SECRET: optional(z.string().trim().regex(/^[0-9a-f]{16,}$/i, { message: 'expected the hexadecimal signing secret' })),
  SLACK_APP_TOKEN: optional(z.string().trim().regex(/^xapp-[\w-]+$/, { message: 'expected an app-level token starting with xapp-' })),
  SLACK_STAFF_CHANNEL: optional(slackChannelId),
  SLACK_MANAGER_CHANNEL: optional(slackChannelId),
  SLACK_API_URL: urlWithScheme(['https:', 'http:']),
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
  OPENAI_API_KEY: optional(z.string().trim().regex(/^\S{8,}$/, { message: 'expected the API key (at least 8 characters, no spaces)' })),
  OPENAI_BASE_URL: urlWithScheme(['https:', 'http:']).transform((u) => u.replace(/\/+$/, '')),
  OPENAI_MODEL: z.string().trim().regex(/^[\w.:/@-]{1,128}$/, { message: 'expected a model name such as gpt-4o-mini' }),
  OPENAI_TIMEOUT_MS: intIn(100, 120_000),
  OPENAI_BREAKER_FAILURES: intIn(1, 1000),
  OPENAI_BREAKER_COOLDOWN_MS: intIn(100, 3_600_000),
  SLA_WARN_AT: z
    .string()
    .trim()
    .regex(/^(0?\.\d+)(\s*,\s*0?\.\d+)*$|^none$/, { message: 'expected fractions between 0 and 1 separated by commas, e.g. 0.5,0.8, or none' })
    .transform((v) => (v === 'none' ? [] : v.split(',').map((f) => Number(f.trim()))))
    .refine((fs) => fs.every((f) => f > 0 && f < 1), { message: 'each fraction must be between 0 and 1' }),
  FOLLOWUP_TIME_SCALE: z
    .string()
    .trim()
    .regex(/^\d*\.?\d+(e-?\d+)?$/i, { message: 'expected a number greater than 0 and at most 1' })
    .transform(Number)
    .refine((n) => n > 0 && n <= 1, { message: 'must be greater than 0 and at most 1' }),
  FOLLOWUP_SWEEP_MS: intIn(100, 3_600_000),
  HANDOFF_WARN_MINUTES: intIn(1, 10_000),
  HANDOFF_ESCALATE_MINUTES: intIn(2, 10_000),
  MERCHANT_QUIET_HOURS: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$|^none$/, { message: 'expected HH:MM-HH:MM such as 21:00-08:00, or none' }),
  SUMMARY_TIME: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM such as 09:00' }),
}).superRefine((e, ctx) => {
  if (e.HANDOFF_ESCALATE_MINUTES <= e.HANDOFF_WARN_MINUTES) {
    ctx.addIssue({ code: 'custom', path: ['HANDOFF_ESCALATE_MINUTES'], message: 'must be more than HANDOFF_WARN_MINUTES (the staff reminder comes first)' });
  }
  if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === 'webhook' && !e.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_BOT_TOKEN is set and TELEGRAM_MODE=webhook' });
  }
  if (e.TELEGRAM_STAFF_CHAT_ID && e.TELEGRAM_STAFF_CHAT_ID === e.TELEGRAM_MANAGER_CHAT_ID) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_MANAGER_CHAT_ID'], message: 'must differ from TELEGRAM_STAFF_CHAT_ID' });
  }
  // The Slack channel runs only with a bot token and a way to receive (signing secret or app token).
  const slackSet = ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_STAFF_CHANNEL', 'SLACK_MANAGER_CHANNEL'] as const;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)' });
  }
  for (const name of slackSet) {
    if (e[name] && !e.SLACK_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: [name], message: 'needs SLACK_BOT_TOKEN' });
  }
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
  /** What this process runs: everything, the HTTP side only, or the workers only. */
  processRole: ProcessRole;
  /** Connections of each PostgreSQL pool. */
  databasePoolSize: number;
  workerConcurrency: number;
  consoleReplyTimeoutMs: number;
  /** Waiting requests past which new ones are shed (503, Retry-After). */
  consoleMaxWaiting: number;
  /** Public base URL without a trailing slash, if set. */
  publicUrl: string | undefined;
  /** The Telegram channel's settings; undefined when TELEGRAM_BOT_TOKEN is unset (channel off). */
  telegram: TelegramConfig | undefined;
  /** Age and interval of the inbound sweeper. */
  inboundSweepMs: number;
  /** Set when the Slack channel is on; Socket Mode when `appToken` is set. */
  slack: SlackConfig | undefined;
  uploadRetentionMs: number;
  /** Lower-case host names (no port) the server answers to besides the loopback names. */
  allowedHosts: string[];
  consoleToken: string | undefined;
  httpTimeouts: { requestMs: number; headersMs: number };
  /** The model that assists understanding (and, next, consultation); undefined when OPENAI_API_KEY is unset (offline). */
  llm: LlmConfig | undefined;
  followups: FollowupConfig;
}

/** Timing of follow-ups (src/followups). */
export interface FollowupConfig {
  /** Fractions of a deadline's business time at which staff are reminded. */
  warnAt: number[];
  /** Multiplies every follow-up delay (1 in production). */
  timeScale: number;
  sweepMs: number;
  /** Local quiet hours for merchant reminders, or undefined for none. */
  merchantQuietHours: { start: string; end: string } | undefined;
  /** Local time of the daily summary, HH:MM. */
  summaryTime: string;
  /** Business minutes an untaken handoff waits before the staff reminder and the manager escalation. */
  handoff: { warnMinutes: number; escalateMinutes: number };
}

/** An OpenAI-compatible chat completions API (see `src/llm`). */
export interface LlmConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  /** Total time budget of one call, its retry included. */
  timeoutMs: number;
  breaker: { failureThreshold: number; cooldownMs: number };
}

/** Telegram settings (chat ids stay strings: they are compared with `String(chat.id)`). */
export interface TelegramConfig {
  token: string;
  mode: (typeof telegramModes)[number];
  webhookSecret: string | undefined;
  staffChatId: string | undefined;
  managerChatId: string | undefined;
  apiRoot: string;
}

/** The Slack channel's settings (see `src/channels/slack`). */
export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  staffChannel: string | undefined;
  managerChannel: string | undefined;
  apiUrl: string;
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
      const shown = got === undefined || secretVariables.has(name) ? '' : ` (got ${JSON.stringify(got)})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  const crossChecks = [
    ...(!isLoopbackHost(e.HOST) && e.CONSOLE_TOKEN === undefined ? [`CONSOLE_TOKEN: required when HOST is not a loopback address (HOST is ${JSON.stringify(e.HOST)}); set a token of at least 16 characters`] : []),
    // The embedded database belongs to one process: roles are for several processes over one PostgreSQL.
    ...(e.PROCESS_ROLE !== 'all' && e.DATABASE_URL === undefined ? [`PROCESS_ROLE: ${e.PROCESS_ROLE} needs DATABASE_URL (the embedded database serves one process, which runs everything) (got "${e.PROCESS_ROLE}")`] : []),
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
    processRole: e.PROCESS_ROLE,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    workerConcurrency: e.WORKER_CONCURRENCY,
    consoleReplyTimeoutMs: e.CONSOLE_REPLY_TIMEOUT_MS,
    consoleMaxWaiting: e.CONSOLE_MAX_WAITING,
    publicUrl: e.PUBLIC_URL,
    telegram: e.TELEGRAM_BOT_TOKEN === undefined ? undefined : {
      token: e.TELEGRAM_BOT_TOKEN,
      mode: e.TELEGRAM_MODE,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      staffChatId: e.TELEGRAM_STAFF_CHAT_ID,
      managerChatId: e.TELEGRAM_MANAGER_CHAT_ID,
      apiRoot: e.TELEGRAM_API_ROOT,
    },
    inboundSweepMs: e.INBOUND_SWEEP_MS,
    slack: e.SLACK_BOT_TOKEN === undefined ? undefined : {
      botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN,
      staffChannel: e.SLACK_STAFF_CHANNEL, managerChannel: e.SLACK_MANAGER_CHANNEL, apiUrl: e.SLACK_API_URL,
    },
    uploadRetentionMs: e.UPLOAD_RETENTION_HOURS * 3_600_000,
    allowedHosts: (e.ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/:\d+$/, '')).filter((h) => h !== ''),
    consoleToken: e.CONSOLE_TOKEN,
    httpTimeouts: { requestMs: e.HTTP_REQUEST_TIMEOUT_MS, headersMs: e.HTTP_HEADERS_TIMEOUT_MS },
    llm: e.OPENAI_API_KEY === undefined ? undefined : {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      breaker: { failureThreshold: e.OPENAI_BREAKER_FAILURES, cooldownMs: e.OPENAI_BREAKER_COOLDOWN_MS },
    },
    followups: {
      warnAt: e.SLA_WARN_AT,
      timeScale: e.FOLLOWUP_TIME_SCALE,
      sweepMs: e.FOLLOWUP_SWEEP_MS,
      merchantQuietHours: e.MERCHANT_QUIET_HOURS === 'none' ? undefined : { start: e.MERCHANT_QUIET_HOURS.slice(0, 5), end: e.MERCHANT_QUIET_HOURS.slice(6) },
      summaryTime: e.SUMMARY_TIME,
      handoff: { warnMinutes: e.HANDOFF_WARN_MINUTES, escalateMinutes: e.HANDOFF_ESCALATE_MINUTES },
    },
  };
}
