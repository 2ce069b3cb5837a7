import { addDays, epochDayOf } from '../calendar/civil-date.ts';
import { localDate } from '../calendar/zoned-time.ts';
import { daysSpan } from './daily-summary.ts';
import type { ReportCase, ReportRows, Span } from './report-rows.ts';
import { within } from './report-rows.ts';
import { slaVerdict } from './sla-verdict.ts';
import { average, percent } from './stats.ts';

/** An improvement action as the evaluation reports it. */
export interface ImprovementActionRow {
  id: string;
  clusterKey: string;
  title: string;
  ownerName: string;
  /** Local day 'YYYY-MM-DD'. */
  dueOn: string;
  status: 'open' | 'closed';
}

/** What a quality evaluation is computed from. */
/** Its `cases`: those opened in either period, and those assigned to someone that were open in the period. */
export interface QualityInput extends ReportRows {
  /** Local days [from, to), 'YYYY-MM-DD'. The previous period is the same number of days before `from`. */
  from: string;
  to: string;
  staff: ReadonlyArray<{ id: string; name: string }>;
  /** Improvement actions; open ones are reported until closed. */
  actions: readonly ImprovementActionRow[];
}

export type Trend = 'new' | 'up' | 'down' | 'same';

/** A problem cluster: one item (normalised name) with one problem category, across merchants. */
export interface ProblemCluster {
  key: string;
  itemName: string;
  problemCategory: string;
  count: number;
  merchants: number;
  previousCount: number;
  trend: Trend;
}

export interface StaffQuality {
  staffId: string;
  name: string;
  /** Cases assigned to them that were open at some time in the period. */
  casesHandled: number;
  /** SLA verdicts on their cases in the period (see slaVerdict). */
  sla: { onTime: number; decided: number; percent: number | null };
  /** Ratings given in the period for cases they handled (the rating's staff, else the case's assignee). */
  satisfaction: { count: number; average: number | null };
  /** Complaints received in the period naming them. */
  complaints: number;
}

/** The quality evaluation (7.1.2, 7.2.1); JSON-safe. */
export interface QualityEvaluation {
  period: { from: string; to: string; previousFrom: string; timeZone: string; asOf: string };
  clusters: ProblemCluster[];
  staff: StaffQuality[];
  /** Open improvement actions, overdue ones flagged (due before today, local). */
  actions: Array<ImprovementActionRow & { overdue: boolean; clusterCount: number }>;
}

/** Item names and categories compared as people mean them: Unicode-normalised, trimmed, spaces collapsed, case-folded. */
export function normaliseLabel(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The key of a problem cluster, as shown and as `quality action add --cluster` takes it: "<category>/<item>". */
export function clusterKey(itemName: string, problemCategory: string): string {
  return `${normaliseLabel(problemCategory)}/${normaliseLabel(itemName)}`;
}

/** The cluster a case belongs to, or null when it names no item or no problem category. */
function clusterOf(c: ReportCase): { key: string; itemName: string; problemCategory: string } | null {
  const item = c.itemName === null ? '' : normaliseLabel(c.itemName);
  const category = c.problemCategory === null ? '' : normaliseLabel(c.problemCategory);
  if (item === '' || category === '') return null;
  return { key: clusterKey(item, category), itemName: item, problemCategory: category };
}

function trendOf(count: number, previous: number): Trend {
  if (previous === 0 && count > 0) return 'new';
  return count > previous ? 'up' : count < previous ? 'down' : 'same';
}

/** The previous period of [from, to): the same number of days just before it. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  return { from: addDays(from, epochDayOf(from) - epochDayOf(to)), to: from };
}

/** The default evaluation period: the 7 local days up to and including `today`, as [from, to). */
export function lastSevenDays(today: string): { from: string; to: string } {
  return { from: addDays(today, -6), to: addDays(today, 1) };
}

/** Computes the quality evaluation of [from, to) from plain rows. Pure. */
export function computeQualityEvaluation(input: QualityInput): QualityEvaluation {
  if (epochDayOf(input.to) <= epochDayOf(input.from)) throw new RangeError(`the period is empty: from ${input.from} to ${input.to}`);
  const previous = previousPeriod(input.from, input.to);
  const full = daysSpan(input.from, input.to, input.timeZone);
  const asOf = new Date(Math.max(full.start.getTime(), Math.min(input.now.getTime(), full.end.getTime())));
  const current: Span = { start: full.start, end: asOf };
  const before = daysSpan(previous.from, previous.to, input.timeZone);

  const clusters = new Map<string, ProblemCluster & { merchantIds: Set<string> }>();
  for (const c of input.cases) {
    const cluster = clusterOf(c);
    if (!cluster) continue;
    const inCurrent = within(c.openedAt, current);
    const inBefore = within(c.openedAt, before);
    if (!inCurrent && !inBefore) continue;
    const entry = clusters.get(cluster.key) ?? { ...cluster, count: 0, merchants: 0, previousCount: 0, trend: 'same' as Trend, merchantIds: new Set<string>() };
    if (inCurrent) {
      entry.count += 1;
      entry.merchantIds.add(c.merchantId);
    } else entry.previousCount += 1;
    clusters.set(cluster.key, entry);
  }
  const clusterList = [...clusters.values()]
    .map(({ merchantIds, ...rest }) => ({ ...rest, merchants: merchantIds.size, trend: trendOf(rest.count, rest.previousCount) }))
    .sort((a, b) => b.count - a.count || b.merchants - a.merchants || a.key.localeCompare(b.key));

  const casesById = new Map(input.cases.map((c) => [c.id, c]));
  const staff = input.staff.map((s): StaffQuality => {
    const handled = input.cases.filter((c) => c.assigneeId === s.id && c.openedAt.getTime() < asOf.getTime() && (c.closedAt === null || c.closedAt.getTime() >= current.start.getTime()));
    let onTime = 0;
    let decided = 0;
    for (const d of input.deadlines) {
      if (casesById.get(d.caseId)?.assigneeId !== s.id) continue;
      const verdict = slaVerdict(d);
      if (!verdict || !within(verdict.at, current)) continue;
      decided += 1;
      if (verdict.onTime) onTime += 1;
    }
    const scores = input.ratings.filter((r) => within(r.createdAt, current) && (r.staffId ?? casesById.get(r.caseId)?.assigneeId ?? null) === s.id).map((r) => r.score);
    return {
      staffId: s.id,
      name: s.name,
      casesHandled: handled.length,
      sla: { onTime, decided, percent: percent(onTime, decided) },
      satisfaction: { count: scores.length, average: average(scores) },
      complaints: input.complaints.filter((c) => c.accusedStaffId === s.id && within(c.createdAt, current)).length,
    };
  });

  const today = localDate(input.now, input.timeZone);
  const actions = input.actions
    .filter((a) => a.status === 'open')
    .map((a) => ({ ...a, overdue: a.dueOn < today, clusterCount: clusters.get(a.clusterKey)?.count ?? 0 }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));

  return {
    period: { from: input.from, to: input.to, previousFrom: previous.from, timeZone: input.timeZone, asOf: asOf.toISOString() },
    clusters: clusterList,
    staff: staff.filter((s) => s.casesHandled + s.sla.decided + s.satisfaction.count + s.complaints > 0).sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId)),
    actions,
  };
}
