import { describe, expect, it } from 'vitest';
import { computeDailySummary } from '../../../src/domain/reports/daily-summary.ts';
import { computeQualityEvaluation } from '../../../src/domain/reports/quality-evaluation.ts';
import { renderDailySummary, renderQualityEvaluation } from '../../../src/domain/reports/report-text.ts';
import { SH, aCase, aDeadline, at } from './report-fixtures.ts';

describe('report text', () => {
  const late = aCase({ number: 'QP-20261126-0001', openedAt: at('2026-11-20 10:00'), assigneeId: 's1' });
  const fresh = aCase({ number: 'RT-20261126-0002', type: 'return', openedAt: at('2026-11-26 08:00') });
  const summary = computeDailySummary({
    day: '2026-11-26',
    timeZone: SH,
    now: at('2026-11-26 09:00'),
    cases: [late, fresh],
    deadlines: [aDeadline(late.id, { startedAt: at('2026-11-20 10:00'), dueAt: at('2026-11-24 18:00') }), aDeadline(late.id, { step: 'x', startedAt: at('2026-11-20 10:00'), dueAt: at('2026-11-24 18:00'), metAt: at('2026-11-26 08:30') })],
    ratings: [{ caseId: late.id, staffId: null, score: 4, createdAt: at('2026-11-26 08:45') }],
    complaints: [],
  });

  it('writes the daily summary in Chinese and English with every figure', () => {
    expect(renderDailySummary(summary, 'zh-CN')).toBe(
      [
        '每日汇总 2026-11-26（截至 09:00）',
        '新案件：1 (退货 1)',
        '未结案件：2',
        '今日到期：0',
        '已超时：1',
        'SLA 达成率：—',
        '首次联系时长中位数：—',
        '满意度均分：4 (1 条评价)',
        '投诉：0',
        '需关注的案件：',
        '• QP-20261126-0001 已超时',
      ].join('\n'),
    );
    const en = renderDailySummary(summary, 'en');
    expect(en.split('\n')[0]).toBe('Daily summary 2026-11-26 (as of 09:00)');
    expect(en).toContain('New cases: 1 (Return 1)');
    expect(en).toContain('Cases that need attention:\n• QP-20261126-0001 breached');
  });

  it('says "none" for an empty list, shows a percentage and a duration, and cuts long lists', () => {
    const cases = Array.from({ length: 12 }, (_, i) => aCase({ number: `QP-${String(i).padStart(2, '0')}`, openedAt: at('2026-11-26 08:00') }));
    const deadlines = cases.map((c) => aDeadline(c.id, { startedAt: at('2026-11-26 08:00'), dueAt: at('2026-11-26 12:00'), metAt: at('2026-11-26 09:30') }));
    const s = computeDailySummary({ day: '2026-11-26', timeZone: SH, now: at('2026-11-27 10:00'), cases, deadlines, ratings: [], complaints: [] });
    const en = renderDailySummary(s, 'en');
    expect(en.split('\n')[0]).toBe('Daily summary 2026-11-26');
    expect(en).toContain('SLA compliance: 100% (12/12)');
    expect(en).toContain('Median time to first contact: 1 h 30 min');
    expect(renderDailySummary(s, 'zh-CN')).toContain('首次联系时长中位数：1小时30分钟');
    expect(en).toContain('Cases that need attention: none');
    const many = computeDailySummary({ day: '2026-11-26', timeZone: SH, now: at('2026-11-26 11:00'), cases, deadlines: cases.map((c) => aDeadline(c.id, { startedAt: at('2026-11-26 08:00'), dueAt: at('2026-11-26 12:00') })), ratings: [], complaints: [] });
    expect(renderDailySummary(many, 'en')).toContain('… and 2 more');
  });

  it('writes the quality evaluation with the last day of the period, clusters, staff and actions', () => {
    const e = computeQualityEvaluation({
      from: '2026-11-19',
      to: '2026-11-26',
      timeZone: SH,
      now: at('2026-11-26 09:00'),
      cases: [aCase({ itemName: 'Cup', problemCategory: 'damaged', assigneeId: 's1', openedAt: at('2026-11-20 10:00') })],
      deadlines: [],
      ratings: [],
      complaints: [],
      staff: [{ id: 's1', name: 'Wang' }],
      actions: [{ id: '0123456789abcdef', clusterKey: 'damaged/cup', title: 'Better packing', ownerName: 'Li', dueOn: '2026-11-25', status: 'open' }],
    });
    expect(renderQualityEvaluation(e, 'en')).toBe(
      [
        'Quality evaluation 2026-11-19 to 2026-11-25',
        'Problem clusters (category / item):',
        '• damaged/cup: 1 case, 1 merchant (previous 0, new)',
        'Staff:',
        '• Wang: 1 handled, SLA —, satisfaction —, complaints 0',
        'Improvement actions (open):',
        '• 01234567 Better packing — owner Li, due 2026-11-25 (OVERDUE)',
      ].join('\n'),
    );
    expect(renderQualityEvaluation({ ...e, clusters: [], staff: [], actions: [] }, 'zh-CN')).toBe('质量评估 2026-11-19 至 2026-11-25\n问题聚类（商品 / 问题类型）：无\n客服表现：无\n改进措施（未关闭）：无');
  });
});
