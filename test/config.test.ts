import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables, loadConfig } from '../src/config.ts';
import { problemsOf } from './support/config-problems.ts';


describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/bot');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/bot/data',
      databaseUrl: undefined,
      redisUrl: undefined,
      businessTimeZone: 'Asia/Shanghai',
      businessHours: [{ start: '09:00', end: '18:00' }],
      calendarFile: '/srv/bot/data/calendar.json',
      logLevel: 'info',
      draftTtlMs: 72 * 3_600_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/var/lib/bot', DATABASE_URL: 'postgres://u@db:5432/bot', REDIS_URL: 'redis://cache:6379',
      TZ_BUSINESS: 'Europe/Berlin', BUSINESS_HOURS: '09:00-12:00,13:30-18:00', CALENDAR_FILE: 'cal.json', LOG_LEVEL: 'debug', WORKER_CONCURRENCY: '8',
      CONSOLE_TOKEN: 'a-long-console-token', ALLOWED_HOSTS: 'Bot.Example.com, 10.0.0.5:8080', HTTP_REQUEST_TIMEOUT_MS: '20000', HTTP_HEADERS_TIMEOUT_MS: '5000', UPLOAD_RETENTION_HOURS: '24',
    }, '/srv');
    expect(config.consoleToken).toBe('a-long-console-token');
    expect(config.allowedHosts).toEqual(['bot.example.com', '10.0.0.5']);
    expect(config.httpTimeouts).toEqual({ requestMs: 20_000, headersMs: 5_000 });
    expect(config.uploadRetentionMs).toBe(24 * 3_600_000);
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://u@db:5432/bot');
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.businessHours).toEqual([{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }]);
    expect(config.calendarFile).toBe('/srv/cal.json');
    expect(config.workerConcurrency).toBe(8);
  });

  it('treats empty values as unset (a blank line in .env does not break the start)', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '  ', PORT: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['PORT', '-1'], ['DATABASE_URL', 'mysql://x'], ['DATABASE_URL', 'not a url'], ['REDIS_URL', 'http://x'],
    ['TZ_BUSINESS', 'Mars/Olympus'], ['LOG_LEVEL', 'loud'], ['BUSINESS_HOURS', '18:00-09:00'], ['BUSINESS_HOURS', '9-6'], ['WORKER_CONCURRENCY', '0'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(JSON.stringify(value));
    expect(problems[0]).not.toContain('\n');
  });

  it('runs everything in one process with pools of 10 unless PROCESS_ROLE and DATABASE_POOL_SIZE say otherwise', () => {
    expect(loadConfig({})).toMatchObject({ processRole: 'all', databasePoolSize: 10 });
    expect(loadConfig({ PROCESS_ROLE: 'worker', DATABASE_POOL_SIZE: '4', DATABASE_URL: 'postgres://u@db:5432/bot' })).toMatchObject({ processRole: 'worker', databasePoolSize: 4 });
    expect(problemsOf({ PROCESS_ROLE: 'api' })).toEqual([expect.stringMatching(/^PROCESS_ROLE: expected one of all, web, worker/)]);
    expect(problemsOf({ DATABASE_POOL_SIZE: '0' })).toEqual([expect.stringMatching(/^DATABASE_POOL_SIZE: /)]);
    // The embedded database belongs to one process, which runs everything.
    expect(problemsOf({ PROCESS_ROLE: 'web' })).toEqual([expect.stringMatching(/^PROCESS_ROLE: web needs DATABASE_URL/)]);
  });

  it('refuses to start off loopback without a console token, and accepts loopback without one', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^CONSOLE_TOKEN: required when HOST is not a loopback address/)]);
    expect(problemsOf({ HOST: '10.0.0.5', CONSOLE_TOKEN: 'short' })[0]).toMatch(/^CONSOLE_TOKEN: /);
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(loadConfig({ HOST: host }).consoleToken).toBeUndefined();
    expect(problemsOf({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '10000' })[0]).toMatch(/^HTTP_HEADERS_TIMEOUT_MS: /);
  });

  it('is offline by default, and reads the model settings when OPENAI_API_KEY is set', () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'other-model' }).llm).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: 'sk-abcdefgh12345678' }).llm).toEqual({
      apiKey: 'sk-abcdefgh12345678', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', timeoutMs: 8_000, breaker: { failureThreshold: 5, cooldownMs: 30_000 },
    });
    expect(loadConfig({
      OPENAI_API_KEY: 'sk-abcdefgh12345678', OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/', OPENAI_MODEL: 'qwen2.5:7b', OPENAI_TIMEOUT_MS: '3000',
      OPENAI_BREAKER_FAILURES: '2', OPENAI_BREAKER_COOLDOWN_MS: '60000',
    }).llm).toEqual({ apiKey: 'sk-abcdefgh12345678', baseUrl: 'http://127.0.0.1:8080/v1', model: 'qwen2.5:7b', timeoutMs: 3_000, breaker: { failureThreshold: 2, cooldownMs: 60_000 } });
  });

  it('never shows the OpenAI key in a problem', () => {
    const problems = problemsOf({ OPENAI_API_KEY: 'sk bad key with spaces' });
    expect(problems).toEqual([expect.stringMatching(/^OPENAI_API_KEY: /)]);
    expect(problems[0]).not.toContain('bad key');
    expect(problemsOf({ OPENAI_TIMEOUT_MS: '10' })[0]).toMatch(/^OPENAI_TIMEOUT_MS: must be at least 100/);
    expect(problemsOf({ OPENAI_BASE_URL: 'ftp://x' })[0]).toMatch(/^OPENAI_BASE_URL: /);
  });

  it('times an untaken handoff: 30 and 120 business minutes by default; the escalation must come after the reminder', () => {
    expect(loadConfig({}).followups.handoff).toEqual({ warnMinutes: 30, escalateMinutes: 120 });
    expect(loadConfig({ HANDOFF_WARN_MINUTES: '15', HANDOFF_ESCALATE_MINUTES: '60' }).followups.handoff).toEqual({ warnMinutes: 15, escalateMinutes: 60 });
    expect(problemsOf({ HANDOFF_WARN_MINUTES: '60', HANDOFF_ESCALATE_MINUTES: '60' })).toEqual([expect.stringMatching(/^HANDOFF_ESCALATE_MINUTES: must be more than HANDOFF_WARN_MINUTES/)]);
    expect(problemsOf({ HANDOFF_WARN_MINUTES: '0' })[0]).toMatch(/^HANDOFF_WARN_MINUTES: /);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', TZ_BUSINESS: 'Nowhere' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TZ_BUSINESS']);
  });
});

describe('.env.example', () => {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, '../.env.example'), 'utf8');
  const declared = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);

  it('lists every variable the bot reads, each with a comment above it', () => {
    for (const name of Object.keys(configVariables)) {
      expect(declared, `${name} missing from .env.example`).toContain(name);
      const line = text.split('\n').findIndex((l) => new RegExp(`^#?\\s*${name}=`).test(l));
      expect(text.split('\n')[line - 1], `${name} needs a comment line above it`).toMatch(/^# /);
    }
  });

  it('lists nothing the bot does not read', () => {
    for (const name of declared) expect(Object.keys(configVariables)).toContain(name);
  });
});
