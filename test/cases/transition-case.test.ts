import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionCase } from '../../src/cases/transition-case.ts';
import { formatInZone } from '../../src/domain/calendar/index.ts';
import { SH, returnDraft, startCaseTest, type CaseTestContext } from './case-fixtures.ts';

const staff = { kind: 'staff', id: 'staff-1' } as const;
const at = (iso: string) => new Date(iso);

describe('transitionCase (real database)', () => {
  let t: CaseTestContext;
  beforeAll(async () => {
    t = await startCaseTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  const deadlines = async (caseId: string) =>
    (await t.prisma.caseDeadline.findMany({ where: { caseId }, orderBy: { startedAt: 'asc' } })).map((d) => ({ step: d.step, metAt: d.metAt, cancelledAt: d.cancelledAt, dueAt: formatInZone(d.dueAt, SH) }));

  it('walks a return through its table: deadlines met and started, columns set, one event per step', async () => {
    const { merchantId, chatId } = await t.merchant('alice');
    const opened = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: at('2026-11-23T10:00:00+08:00') });
    const approvedAt = at('2026-11-24T10:00:00+08:00');
    expect(await transitionCase(t.deps, opened.id, { event: 'approve', actor: staff, at: approvedAt })).toMatchObject({ ok: true, summary: { status: 'approved', nextDeadline: null } });
    expect(await deadlines(opened.id)).toEqual([{ step: 'review', metAt: approvedAt, cancelledAt: null, dueAt: '2026-11-25T18:00:00+08:00' }]);

    await transitionCase(t.deps, opened.id, { event: 'giveReturnAddress', actor: staff, at: at('2026-11-24T11:00:00+08:00'), fields: { address: '上海市XX路1号' } });
    await transitionCase(t.deps, opened.id, { event: 'markShipped', actor: { kind: 'merchant', id: merchantId }, at: at('2026-11-25T11:00:00+08:00'), fields: { trackingNumber: 'SF1234567890' } });
    const received = await transitionCase(t.deps, opened.id, { event: 'markGoodsReceived', actor: staff, at: at('2026-11-26T15:00:00+08:00') });
    expect(received).toMatchObject({ ok: true, summary: { status: 'goods_received', nextDeadline: { step: 'refund_or_exchange', clause: '3.2.4', calendar: 'cn' } } });
    if (!received.ok) throw new Error('expected success');
    expect(formatInZone(received.summary.nextDeadline?.dueAt ?? new Date(0), SH)).toBe('2026-12-01T18:00:00+08:00');
    const refundedAt = at('2026-11-27T10:00:00+08:00');
    await transitionCase(t.deps, opened.id, { event: 'refund', actor: staff, at: refundedAt });
    const closedAt = at('2026-11-28T10:00:00+08:00');
    expect(await transitionCase(t.deps, opened.id, { event: 'close', actor: { kind: 'system' }, at: closedAt })).toMatchObject({ ok: true, summary: { status: 'closed' } });

    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: opened.id }, include: { events: { orderBy: { id: 'asc' } } } });
    expect(row).toMatchObject({ returnAddress: '上海市XX路1号', trackingNumber: 'SF1234567890', closedAt, rejectReason: null });
    expect(row.events.map((e) => [e.kind, e.actorKind, e.fromStatus, e.toStatus])).toEqual([
      ['open', 'merchant', null, 'requested'],
      ['approve', 'staff', 'requested', 'approved'],
      ['giveReturnAddress', 'staff', 'approved', 'awaiting_goods'],
      ['markShipped', 'merchant', 'awaiting_goods', 'goods_shipped'],
      ['markGoodsReceived', 'staff', 'goods_shipped', 'goods_received'],
      ['refund', 'staff', 'goods_received', 'refunded'],
      ['close', 'system', 'refunded', 'closed'],
    ]);
    expect(row.events[4]?.data).toMatchObject({ deadlines: { started: [{ step: 'refund_or_exchange', clause: '3.2.4' }] } });
    expect((await deadlines(opened.id)).map((d) => [d.step, d.metAt, d.cancelledAt])).toEqual([
      ['review', approvedAt, null],
      ['refund_or_exchange', refundedAt, null],
    ]);
  });

  it('keeps the reject reason, and refuses wrong actors and missing inputs without writing', async () => {
    const { merchantId, chatId } = await t.merchant('bob');
    const opened = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: at('2026-11-23T10:00:00+08:00') });
    const later = at('2026-11-24T10:00:00+08:00');
    expect(await transitionCase(t.deps, opened.id, { event: 'approve', actor: { kind: 'merchant', id: merchantId }, at: later })).toMatchObject({ ok: false, code: 'case.actor_not_allowed' });
    expect(await transitionCase(t.deps, opened.id, { event: 'reject', actor: staff, at: later })).toMatchObject({ ok: false, code: 'case.field_required' });
    expect(await t.prisma.caseEvent.count({ where: { caseId: opened.id } })).toBe(1);
    expect(await transitionCase(t.deps, opened.id, { event: 'reject', actor: staff, at: later, reason: '超出退货期' })).toMatchObject({ ok: true, summary: { status: 'rejected' } });
    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: opened.id }, include: { events: { orderBy: { id: 'asc' } } } });
    expect(row.rejectReason).toBe('超出退货期');
    expect(row.closedAt).toBeNull();
    expect(row.events.at(-1)).toMatchObject({ kind: 'reject', reason: '超出退货期', actorId: 'staff-1' });
  });

  it('lets exactly one of a simultaneous approve and reject win', async () => {
    const { merchantId, chatId } = await t.merchant('carol');
    const opened = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: at('2026-11-23T10:00:00+08:00') });
    const later = at('2026-11-24T10:00:00+08:00');
    const results = await Promise.all([
      transitionCase(t.deps, opened.id, { event: 'approve', actor: staff, at: later }),
      transitionCase(t.deps, opened.id, { event: 'reject', actor: { kind: 'staff', id: 'staff-2' }, at: later, reason: '不符合条件' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const events = await t.prisma.caseEvent.findMany({ where: { caseId: opened.id }, orderBy: { id: 'asc' } });
    expect(events).toHaveLength(2);
    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: opened.id } });
    expect(row.status).toBe(events[1]?.toStatus);
  });

  it('answers not_found for an unknown case id', async () => {
    expect(await transitionCase(t.deps, '00000000-0000-0000-0000-000000000000', { event: 'approve', actor: staff, at: at('2026-11-24T10:00:00+08:00') })).toMatchObject({ ok: false, code: 'case.not_found' });
  });
});
