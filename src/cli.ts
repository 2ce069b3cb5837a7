import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { calendarImportCommand, calendarShowCommand, deadlineCommand, type CalendarCommandContext } from './calendar/calendar-commands.ts';
import { openDatabase } from './app.ts';
import { createLogger } from './log.ts';
import { applyMigrations } from './store/migrate.ts';
import { telegramWebhookCommand } from './channels/telegram/webhook-admin.ts';
import { slackManifest } from './channels/slack/slack-manifest.ts';
import { botIdFromToken } from './channels/telegram/normalize-update.ts';
import { WebClient } from '@slack/web-api';
import { staffCommand } from './desk/staff-commands.ts';
import { createPrismaClient } from './store/prisma.ts';
import { askCommand } from './consult/ask-command.ts';
import { checkAnswersCommand, type MerchantOwnData } from './answers/check-answers-command.ts';
import { defaultClauses } from './domain/policy/defaults.ts';
import { loadPolicy } from './policy/policy-file.ts';
import { qualityCommand, summaryCommand } from './followups/report-commands.ts';
import type { PrismaClient } from './store/prisma.ts';

/** Operator commands: `npm run --silent cli -- <command> ...`. Output is for people and scripts; logs go to stderr. */
const usage = `usage: npm run --silent cli -- <command>
  migrate                                              apply database migrations (also done at every start)
  deadline --from <ISO datetime> --working-days <n> [--tz <zone>]
                                                       print {"deadline","calendar"} for N working days after an event
  calendar import <file.ics> [--partial]               import an official holiday schedule into CALENDAR_FILE; a year lacking a
                                                       statutory holiday is refused unless --partial (then merged date by date)
  calendar show [yyyy]                                 list a year's holidays, weekend days inside them and working weekends (调休)
  telegram-webhook set|info|delete                     register PUBLIC_URL/telegram/webhook with Telegram, show it, or remove it
  staff add --platform <p> --user <id> [--role staff|manager] [--name <n>] [--workspace <id>] [--lang zh-CN|en]
                                                       let a Slack/Telegram/console user act on the staff (or manager) desk
  staff list | staff remove --platform <p> --user <id>   list staff, or deactivate one
  slack-manifest                                       print the Slack app manifest (JSON) for PUBLIC_URL or Socket Mode
  ask "<question>" [--lang zh|en] [--json]             answer a consultation question (offline unless OPENAI_API_KEY is set): answer, citations, checks
  check-answers <in.jsonl> [--allow-link <prefix>]...  run the answer rule checker on lines {"id","question","answer","lang"?,"merchantId"?};
                                                       prints {"id","verdict","violations"} per line (exit 0 even when blocked)
  summary [--date YYYY-MM-DD] [--lang zh|en] [--json]  the managers' daily summary of a local day (default today)
  quality [--from YYYY-MM-DD --to YYYY-MM-DD] [--lang zh|en] [--json]
                                                       quality evaluation of [from, to) (default the last 7 days, today included)
  quality action add --cluster <key> --owner <name> --due YYYY-MM-DD [--title <t>] [--note <n>]
  quality action close <id> [--note <n>] | quality action list [--all] [--json]
                                                       improvement actions for problem clusters, reported until closed`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function calendarContext(config: Config): CalendarCommandContext {
  return { timeZone: config.businessTimeZone, hours: config.businessHours, calendarFile: config.calendarFile, out, err };
}

async function migrate(config: Config): Promise<number> {
  const log = createLogger('warn', process.stderr);
  const database = await openDatabase(config, log);
  try {
    const { applied } = await applyMigrations(database.url);
    out(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } finally {
    await database.close();
  }
}

/** Runs `fn` on the configured database (DATABASE_URL, else the embedded one in DATA_DIR), migrated first. */
async function withDatabase(config: Config, fn: (prisma: PrismaClient) => Promise<number>): Promise<number> {
  const log = createLogger('warn', process.stderr);
  const database = await openDatabase(config, log);
  try {
    await applyMigrations(database.url);
    const prisma = createPrismaClient(database.url, 2);
    try {
      return await fn(prisma);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await database.close();
  }
}

async function checkAnswers(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'allow-link': { type: 'string', multiple: true } } });
  if (positionals.length !== 1 || !positionals[0]) {
    err('check-answers needs exactly one input file: check-answers <in.jsonl> [--allow-link <prefix>]...');
    return 2;
  }
  // A merchant's own case and order numbers come from the database only when one is configured (DATABASE_URL);
  // otherwise no number is the merchant's own.
  const databaseUrl = config.databaseUrl;
  let prisma: ReturnType<typeof createPrismaClient> | undefined;
  const merchantData = databaseUrl
    ? async (merchantId: string): Promise<MerchantOwnData> => {
        prisma ??= createPrismaClient(databaseUrl, 2);
        const cases = await prisma.case.findMany({ where: { merchantId }, select: { number: true, orderNumber: true } });
        return { caseNumbers: cases.map((c) => c.number), orderNumbers: cases.flatMap((c) => (c.orderNumber ? [c.orderNumber] : [])) };
      }
    : undefined;
  try {
    const policy = await loadPolicy(config.policyFile);
    return await checkAnswersCommand(positionals[0], { policy, clauses: defaultClauses, allowedLinks: values['allow-link'] ?? [], ...(merchantData ? { merchantData } : {}), out, err });
  } finally {
    await prisma?.$disconnect();
  }
}

async function main(argv: string[]): Promise<number> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) err(`config error: ${line}`);
    return 78;
  }
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return migrate(config);
    case 'deadline': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, 'working-days': { type: 'string' }, tz: { type: 'string' } } });
      if (!values.from || values['working-days'] === undefined) {
        err('deadline needs --from <ISO datetime> and --working-days <n>');
        return 2;
      }
      const workingDays = /^\d+$/.test(values['working-days']) ? Number(values['working-days']) : Number.NaN;
      return deadlineCommand({ from: values.from, workingDays, ...(values.tz ? { tz: values.tz } : {}) }, calendarContext(config));
    }
    case 'calendar': {
      const [sub, ...args] = rest;
      if (sub === 'import') {
        const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { partial: { type: 'boolean' } } });
        const [file] = positionals;
        if (positionals.length !== 1 || !file) {
          err('calendar import needs one file: calendar import <file.ics> [--partial]');
          return 2;
        }
        return calendarImportCommand({ file, partial: values.partial === true }, calendarContext(config));
      }
      if (sub === 'show') {
        // `--year <yyyy>` is the older spelling of the positional year.
        const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { year: { type: 'string' } } });
        const given = [...positionals, ...(values.year === undefined ? [] : [values.year])];
        const [year] = given;
        if (given.length > 1 || (year !== undefined && !/^\d{4}$/.test(year))) {
          err('calendar show takes at most one year: calendar show [yyyy]');
          return 2;
        }
        return calendarShowCommand(year === undefined ? {} : { year: Number(year) }, calendarContext(config));
      }
      err(usage);
      return 2;
    }
    case 'telegram-webhook': {
      if (!config.telegram) {
        err('telegram-webhook needs TELEGRAM_BOT_TOKEN');
        return 2;
      }
      const { token, apiRoot, webhookSecret } = config.telegram;
      return telegramWebhookCommand(rest[0], { token, apiRoot, webhookSecret, publicUrl: config.publicUrl, out, err });
    }
    case 'staff':
      return withDatabase(config, (prisma) => {
        const slack = config.slack;
        const hints = {
          telegram: config.telegram ? botIdFromToken(config.telegram.token) : undefined,
          slack: slack ? async () => ((await new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl }).auth.test()).team_id as string | undefined) : undefined,
        };
        return staffCommand(rest, { prisma, hints, out, err });
      });
    case 'summary':
    case 'quality': {
      const run = command === 'summary' ? summaryCommand : qualityCommand;
      return withDatabase(config, (prisma) => run(rest, { prisma, timeZone: config.businessTimeZone, now: () => new Date(), out, err }));
    }
    case 'ask': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { lang: { type: 'string' }, json: { type: 'boolean' } } });
      const question = positionals.join(' ').trim();
      if (question === '' || (values.lang !== undefined && values.lang !== 'zh' && values.lang !== 'en')) {
        err('usage: npm run --silent cli -- ask "<question>" [--lang zh|en] [--json]');
        return 2;
      }
      const lang = values.lang === 'zh' || values.lang === 'en' ? values.lang : undefined;
      return askCommand({ question, lang, json: values.json === true }, config, createLogger('warn', process.stderr), out);
    }
    case 'check-answers':
      return checkAnswers(config, rest);
    case 'slack-manifest':
      if (!config.publicUrl && !config.slack?.appToken) {
        err('slack-manifest needs PUBLIC_URL (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
        return 2;
      }
      out(JSON.stringify(slackManifest({ publicUrl: config.publicUrl, socketMode: Boolean(config.slack?.appToken) }), null, 2));
      return 0;
    default:
      err(usage);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
