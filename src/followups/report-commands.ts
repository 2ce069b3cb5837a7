import { parseArgs } from 'node:util';
import { parseLangTag, type Lang } from '../contracts/lang.ts';
import { isIsoDate } from '../domain/calendar/civil-date.ts';
import { localDate } from '../domain/calendar/zoned-time.ts';
import { lastSevenDays, normaliseLabel } from '../domain/reports/quality-evaluation.ts';
import { renderDailySummary, renderQualityEvaluation } from '../domain/reports/report-text.ts';
import { addImprovementAction, closeImprovementAction, listImprovementActions } from '../store/improvement-action-store.ts';
import type { PrismaClient } from '../store/prisma.ts';
import { buildDailySummary } from './daily-summary.ts';
import { buildQualityEvaluation } from './quality-evaluation.ts';

/** What the report commands need; the CLI passes the database, the business zone and the clock. */
export interface ReportCommandContext {
  prisma: PrismaClient;
  timeZone: string;
  now: () => Date;
  out: (line: string) => void;
  err: (line: string) => void;
}

export const summaryUsage = 'usage: npm run --silent cli -- summary [--date YYYY-MM-DD] [--lang zh|en] [--json]';
export const qualityUsage = `usage: npm run --silent cli -- quality [--from YYYY-MM-DD --to YYYY-MM-DD] [--lang zh|en] [--json]
       npm run --silent cli -- quality action add --cluster <key> --owner <name> --due YYYY-MM-DD [--title <text>] [--note <text>]
       npm run --silent cli -- quality action close <id> [--note <text>]
       npm run --silent cli -- quality action list [--all] [--json]`;

function langOption(value: string | undefined): Lang | null | undefined {
  if (value === undefined) return 'zh-CN';
  return parseLangTag(value) ?? null;
}

type Options = Record<string, { type: 'string' | 'boolean' }>;

/** Parsed flags (strings and booleans by name) and positionals, or null after printing what was wrong. */
function parse(args: string[], options: Options, usage: string, err: (line: string) => void): { values: Record<string, string | boolean | undefined>; positionals: string[] } | null {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    err(usage);
    return null;
  }
}

/** `summary`: the daily summary of a local day (default today), as posted to the manager desks, or as JSON. */
export async function summaryCommand(args: string[], ctx: ReportCommandContext): Promise<number> {
  const parsed = parse(args, { date: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } }, summaryUsage, ctx.err);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const day = typeof values.date === 'string' ? values.date : localDate(ctx.now(), ctx.timeZone);
  const lang = langOption(values.lang as string | undefined);
  if (positionals.length > 0 || !isIsoDate(day) || !lang) {
    ctx.err(summaryUsage);
    return 2;
  }
  const summary = await buildDailySummary(ctx, { day, now: ctx.now() });
  ctx.out(values.json ? JSON.stringify(summary, null, 2) : renderDailySummary(summary, lang));
  return 0;
}

/** `quality`: the quality evaluation of [from, to) (default the 7 days up to and including today), and its improvement actions. */
export async function qualityCommand(args: string[], ctx: ReportCommandContext): Promise<number> {
  if (args[0] === 'action') return actionCommand(args.slice(1), ctx);
  const parsed = parse(args, { from: { type: 'string' }, to: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } }, qualityUsage, ctx.err);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const today = localDate(ctx.now(), ctx.timeZone);
  const fallback = values.from === undefined && values.to === undefined ? lastSevenDays(today) : undefined;
  const from = (values.from as string | undefined) ?? fallback?.from;
  const to = (values.to as string | undefined) ?? fallback?.to;
  const lang = langOption(values.lang as string | undefined);
  if (positionals.length > 0 || !from || !to || !isIsoDate(from) || !isIsoDate(to) || to <= from || !lang) {
    ctx.err('quality needs both --from and --to (YYYY-MM-DD, --to after --from; the period is [from, to)) or neither');
    ctx.err(qualityUsage);
    return 2;
  }
  const evaluation = await buildQualityEvaluation(ctx, { from, to, now: ctx.now() });
  ctx.out(values.json ? JSON.stringify(evaluation, null, 2) : renderQualityEvaluation(evaluation, lang));
  return 0;
}

async function actionCommand(args: string[], ctx: ReportCommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const parsed = parse(rest, { cluster: { type: 'string' }, owner: { type: 'string' }, due: { type: 'string' }, title: { type: 'string' }, note: { type: 'string' } }, qualityUsage, ctx.err);
    if (!parsed) return 2;
    const v = parsed.values as { cluster?: string; owner?: string; due?: string; title?: string; note?: string };
    const cluster = normaliseLabel(v.cluster ?? '');
    const owner = v.owner?.trim() ?? '';
    if (parsed.positionals.length > 0 || cluster === '' || owner === '' || !v.due || !isIsoDate(v.due)) {
      ctx.err('quality action add needs --cluster <key> (as the evaluation shows it, e.g. damaged/保温杯), --owner <name> and --due YYYY-MM-DD');
      return 2;
    }
    const title = v.title?.trim() || cluster;
    const action = await addImprovementAction(ctx.prisma, { clusterKey: cluster, title, ownerName: owner, dueOn: v.due, ...(v.note ? { note: v.note } : {}) });
    ctx.out(`added ${action.id}: ${action.title} (cluster ${action.clusterKey}, owner ${action.ownerName}${action.ownerStaffId ? '' : ' — not a staff member'}, due ${action.dueOn})`);
    return 0;
  }
  if (sub === 'close') {
    const parsed = parse(rest, { note: { type: 'string' } }, qualityUsage, ctx.err);
    if (!parsed) return 2;
    const [id, ...extra] = parsed.positionals;
    if (!id || extra.length > 0) {
      ctx.err('quality action close needs the action id: quality action close <id>');
      return 2;
    }
    const note = parsed.values.note as string | undefined;
    if (!(await closeImprovementAction(ctx.prisma, id, ctx.now(), note))) {
      ctx.err(`no open improvement action ${id}`);
      return 1;
    }
    ctx.out(`closed ${id}`);
    return 0;
  }
  if (sub === 'list') {
    const parsed = parse(rest, { all: { type: 'boolean' }, json: { type: 'boolean' } }, qualityUsage, ctx.err);
    if (!parsed || parsed.positionals.length > 0) return 2;
    const actions = await listImprovementActions(ctx.prisma, parsed.values.all ? 'all' : 'open');
    if (parsed.values.json) {
      ctx.out(JSON.stringify(actions, null, 2));
      return 0;
    }
    const today = localDate(ctx.now(), ctx.timeZone);
    if (actions.length === 0) ctx.out('no improvement actions');
    for (const a of actions) {
      const state = a.status === 'closed' ? 'closed' : a.dueOn < today ? 'OVERDUE' : 'open';
      ctx.out(`${a.id}  ${state.padEnd(7)}  due ${a.dueOn}  ${a.clusterKey}  ${a.title}  (owner ${a.ownerName})`);
    }
    return 0;
  }
  ctx.err(qualityUsage);
  return 2;
}
