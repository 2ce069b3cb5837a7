import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { AttachmentRef } from '../../src/contracts/cases.ts';
import type { Orchestrator, Reply } from '../../src/contracts/conversation.ts';
import { createLogger } from '../../src/log.ts';
import { createRedisPrefix, createServerDatabase, modesUnderTest, serviceUrls } from './services.ts';

export interface ConsoleAnswer {
  status: number;
  replies: Reply[];
  body: Record<string, unknown>;
}

/** The real bot on a free port, driven over HTTP like any client. */
export interface TestApp {
  url: string;
  app: RunningApp;
  config: Config;
  send(chatId: string, text: string, options?: { lang?: string; attachments?: AttachmentRef[]; clientMessageId?: string }): Promise<ConsoleAnswer>;
  press(chatId: string, actionId: string, options?: { lang?: string }): Promise<ConsoleAnswer>;
  cases(chatId: string): Promise<Array<Record<string, unknown>>>;
  messages(chatId: string): Promise<Array<Record<string, unknown>>>;
  /** Stops the bot and starts it again on the same data (database, queue, DATA_DIR). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  mode?: 'embedded' | 'services';
  env?: Record<string, string>;
  /** Replaces the flows, through the same door main.ts uses (for failure-path tests). */
  orchestrator?: Orchestrator;
  /** Services mode: another Redis than REDIS_URL (e.g. a disposable one). */
  redisUrl?: string;
  /** Services mode: a key prefix the caller owns and cleans (e.g. shared by two apps); default a fresh one. */
  queuePrefix?: string;
  /** Services mode: a second process of that app, on its database and queue (the first app owns and drops them). */
  sharing?: TestApp;
  /** Where the app's log lines go (JSON lines, as `npm start` writes them to stdout); default stdout. */
  logTo?: NodeJS.WritableStream;
}

async function postJson(url: string, body: unknown, auth: Record<string, string>): Promise<ConsoleAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const parsed = (await res.json()) as Record<string, unknown>;
  return { status: res.status, replies: (parsed.replies as Reply[] | undefined) ?? [], body: parsed };
}

/** Starts the bot against a fresh database and queue namespace. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const mode = options.mode ?? modesUnderTest().at(-1) ?? 'embedded';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-app-'));
  const cleanups: Array<() => Promise<void>> = [async () => fs.rmSync(dataDir, { recursive: true, force: true })];
  const env: Record<string, string> = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...pick(process.env, ['WORKER_CONCURRENCY']), ...options.env };
  if (options.sharing) {
    const { databaseUrl, redisUrl, queuePrefix } = options.sharing.config;
    if (!databaseUrl || !redisUrl) throw new Error('sharing needs an app in services mode');
    Object.assign(env, { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix });
  } else if (mode === 'services') {
    const redisUrl = options.redisUrl ?? serviceUrls.redis;
    if (!serviceUrls.database || !redisUrl) throw new Error('services mode needs DATABASE_URL and REDIS_URL');
    const db = await createServerDatabase(serviceUrls.database);
    cleanups.push(db.drop);
    let prefix = options.queuePrefix;
    if (prefix === undefined) {
      const redis = await createRedisPrefix(redisUrl);
      cleanups.push(redis.cleanup);
      prefix = redis.prefix;
    }
    Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  }
  const config = loadConfig(env);
  const log = createLogger(config.logLevel, options.logTo);
  const appOptions = options.orchestrator ? { orchestrator: options.orchestrator } : {};
  let app = await startApp(config, log, appOptions);
  const base = () => app.url;
  // With CONSOLE_TOKEN set the console API needs it, as any client's would.
  const auth: Record<string, string> = config.consoleToken ? { authorization: `Bearer ${config.consoleToken}` } : {};

  return {
    get url() {
      return base();
    },
    get app() {
      return app;
    },
    config,
    send: (chatId, text, o = {}) => postJson(`${base()}/api/console/messages`, { chatId, text, ...o }, auth),
    press: (chatId, actionId, o = {}) => postJson(`${base()}/api/console/actions`, { chatId, actionId, ...o }, auth),
    async cases(chatId) {
      const res = await fetch(`${base()}/api/console/chats/${encodeURIComponent(chatId)}/cases`, { headers: auth });
      return ((await res.json()) as { cases: Array<Record<string, unknown>> }).cases;
    },
    async messages(chatId) {
      const res = await fetch(`${base()}/api/console/chats/${encodeURIComponent(chatId)}/messages`, { headers: auth });
      return ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
    },
    async restart() {
      await app.stop();
      app = await startApp(config, log, appOptions);
    },
    async stop() {
      await app.stop();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}
