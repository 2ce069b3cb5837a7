import { addDays } from '../calendar/civil-date.ts';
import { caseTypeLabel } from '../cases/case-labels.ts';
import { CASE_TYPES } from '../cases/case-machines.ts';
import type { AttentionReason, DailySummary } from './daily-summary.ts';
import type { QualityEvaluation, Trend } from './quality-evaluation.ts';

/** The languages a report is written in (a desk chat's language). */
export type ReportLang = 'zh-CN' | 'en';

/** How many lines a list in a chat message shows before "and N more". */
const LIST_LIMIT = 10;

const TEXT = {
  'zh-CN': {
    dailyTitle: (day: string) => `每日汇总 ${day}`,
    asOf: (time: string) => `（截至 ${time}）`,
    newCases: '新案件',
    open: '未结案件',
    dueToday: '今日到期',
    breached: '已超时',
    sla: 'SLA 达成率',
    firstContact: '首次联系时长中位数',
    satisfaction: '满意度均分',
    complaints: '投诉',
    attention: '需关注的案件',
    none: '无',
    more: (n: number) => `……另有 ${n} 项`,
    ratings: (n: number) => `${n} 条评价`,
    verdicts: (on: number, all: number) => `${on}/${all}`,
    duration: (min: number) => (min >= 60 ? `${Math.floor(min / 60)}小时${min % 60}分钟` : `${min}分钟`),
    reasons: { breached: '已超时', due_today: '今日到期', unassigned_past_half_time: '过半时限未分配', low_satisfaction: '低满意度' } satisfies Record<AttentionReason, string>,
    qualityTitle: (from: string, to: string) => `质量评估 ${from} 至 ${to}`,
    clusters: '问题聚类（商品 / 问题类型）',
    clusterLine: (key: string, n: number, m: number, prev: number, trend: string) => `${key}：${n} 件，${m} 个商家（上期 ${prev}，${trend}）`,
    trend: { new: '新出现', up: '上升', down: '下降', same: '持平' } satisfies Record<Trend, string>,
    staff: '客服表现',
    staffLine: (name: string, cases: number, sla: string, csat: string, complaints: number) => `${name}：处理 ${cases} 件，SLA ${sla}，满意度 ${csat}，被投诉 ${complaints}`,
    actions: '改进措施（未关闭）',
    actionLine: (id: string, title: string, owner: string, due: string, overdue: boolean) => `${id.slice(0, 8)} ${title} — 负责人 ${owner}，截止 ${due}${overdue ? '（已逾期）' : ''}`,
  },
  en: {
    dailyTitle: (day: string) => `Daily summary ${day}`,
    asOf: (time: string) => ` (as of ${time})`,
    newCases: 'New cases',
    open: 'Open cases',
    dueToday: 'Due today',
    breached: 'Breached',
    sla: 'SLA compliance',
    firstContact: 'Median time to first contact',
    satisfaction: 'Satisfaction average',
    complaints: 'Complaints',
    attention: 'Cases that need attention',
    none: 'none',
    more: (n: number) => `… and ${n} more`,
    ratings: (n: number) => `${n} rating${n === 1 ? '' : 's'}`,
    verdicts: (on: number, all: number) => `${on}/${all}`,
    duration: (min: number) => (min >= 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min} min`),
    reasons: { breached: 'breached', due_today: 'due today', unassigned_past_half_time: 'unassigned past half time', low_satisfaction: 'low satisfaction' } satisfies Record<AttentionReason, string>,
    qualityTitle: (from: string, to: string) => `Quality evaluation ${from} to ${to}`,
    clusters: 'Problem clusters (category / item)',
    clusterLine: (key: string, n: number, m: number, prev: number, trend: string) => `${key}: ${n} case${n === 1 ? '' : 's'}, ${m} merchant${m === 1 ? '' : 's'} (previous ${prev}, ${trend})`,
    trend: { new: 'new', up: 'up', down: 'down', same: 'same' } satisfies Record<Trend, string>,
    staff: 'Staff',
    staffLine: (name: string, cases: number, sla: string, csat: string, complaints: number) => `${name}: ${cases} handled, SLA ${sla}, satisfaction ${csat}, complaints ${complaints}`,
    actions: 'Improvement actions (open)',
    actionLine: (id: string, title: string, owner: string, due: string, overdue: boolean) => `${id.slice(0, 8)} ${title} — owner ${owner}, due ${due}${overdue ? ' (OVERDUE)' : ''}`,
  },
} as const;

const labelLang = (lang: ReportLang) => (lang === 'en' ? 'en' : 'zh');
const orDash = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);

function limited(lines: string[], lang: ReportLang): string[] {
  return lines.length > LIST_LIMIT ? [...lines.slice(0, LIST_LIMIT), TEXT[lang].more(lines.length - LIST_LIMIT)] : lines;
}

/** Local 'HH:MM' of an ISO instant in `timeZone`. */
function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** The daily summary as a chat message in `lang`. */
export function renderDailySummary(summary: DailySummary, lang: ReportLang): string {
  const x = TEXT[lang];
  const sep = lang === 'en' ? ': ' : '：';
  const byType = CASE_TYPES.filter((type) => summary.newCases.byType[type] > 0).map((type) => `${caseTypeLabel(type, labelLang(lang))} ${summary.newCases.byType[type]}`);
  const dayOver = summary.period.asOf === summary.period.end;
  const lines = [
    `${x.dailyTitle(summary.day)}${dayOver ? '' : x.asOf(localTime(summary.period.asOf, summary.timeZone))}`,
    `${x.newCases}${sep}${summary.newCases.total}${byType.length ? ` (${byType.join(', ')})` : ''}`,
    `${x.open}${sep}${summary.openCases}`,
    `${x.dueToday}${sep}${summary.dueToday}`,
    `${x.breached}${sep}${summary.breached}`,
    `${x.sla}${sep}${orDash(summary.sla.compliancePercent, '%')}${summary.sla.decided ? ` (${x.verdicts(summary.sla.onTime, summary.sla.decided)})` : ''}`,
    `${x.firstContact}${sep}${summary.firstContact.medianMinutes === null ? '—' : x.duration(summary.firstContact.medianMinutes)}`,
    `${x.satisfaction}${sep}${orDash(summary.satisfaction.average)}${summary.satisfaction.count ? ` (${x.ratings(summary.satisfaction.count)})` : ''}`,
    `${x.complaints}${sep}${summary.complaints}`,
    summary.attention.length === 0 ? `${x.attention}${sep}${x.none}` : `${x.attention}${sep.trimEnd()}`,
    ...limited(summary.attention.map((a) => `• ${a.number} ${a.reasons.map((r) => x.reasons[r]).join(', ')}`), lang),
  ];
  return lines.join('\n');
}

/** The quality evaluation as a chat message in `lang`. */
export function renderQualityEvaluation(evaluation: QualityEvaluation, lang: ReportLang): string {
  const x = TEXT[lang];
  const sep = lang === 'en' ? ': ' : '：';
  const section = (title: string, lines: string[]) => [lines.length === 0 ? `${title}${sep}${x.none}` : `${title}${sep.trimEnd()}`, ...limited(lines, lang)];
  return [
    x.qualityTitle(evaluation.period.from, addDays(evaluation.period.to, -1)),
    ...section(x.clusters, evaluation.clusters.map((c) => `• ${x.clusterLine(c.key, c.count, c.merchants, c.previousCount, x.trend[c.trend])}`)),
    ...section(
      x.staff,
      evaluation.staff.map((s) => `• ${x.staffLine(s.name, s.casesHandled, orDash(s.sla.percent, '%'), orDash(s.satisfaction.average), s.complaints)}`),
    ),
    ...section(x.actions, evaluation.actions.map((a) => `• ${x.actionLine(a.id, a.title, a.ownerName, a.dueOn, a.overdue)}`)),
  ].join('\n');
}
