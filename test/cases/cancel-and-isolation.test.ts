import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionCase } from '../../src/cases/transition-case.ts';
import { qualityDraft, returnDraft, startCaseTest, type CaseTestContext } from './case-fixtures.ts';

const AT = new Date('2026-11-24T10:00:00+08:00');
const LATER = new Date('2026-11-24T15:00:00+08:00');

describe('cancelling and merchant isolation (real database)', () => {
  let t: CaseTestContext;
  beforeAll(async () => {
    t = await startCaseTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  const snapshot = async (caseId: string) => {
    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: caseId }, include: { deadlines: { orderBy: { step: 'asc' } }, events: { orderBy: { id: 'asc' } } } });
    const { updatedAt: _updatedAt, deadlines, ...rest } = row;
    return { ...rest, deadlines: deadlines.map(({ updatedAt: _u, ...d }) => d) };
  };

  it('cancels a reported quality case: status, deadline cancelled, one event, no longer open', async () => {
    const { merchantId, chatId } = await t.merchant('alice');
    const opened = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at: AT });
    const result = await t.service.cancelCase({ merchantId, number: opened.number.toLowerCase(), at: LATER, reason: '已自行解决' });
    expect(result).toMatchObject({ ok: true, summary: { number: opened.number, status: 'cancelled', nextDeadline: null } });
    const row = await snapshot(opened.id);
    expect(row.closedAt).toEqual(LATER);
    expect(row.deadlines.map((d) => [d.step, d.cancelledAt, d.metAt])).toEqual([['first_contact', LATER, null]]);
    expect(row.events.map((e) => [e.kind, e.actorKind, e.actorId, e.fromStatus, e.toStatus, e.reason])).toEqual([
      ['open', 'merchant', merchantId, null, 'reported', null],
      ['cancel', 'merchant', merchantId, 'reported', 'cancelled', '已自行解决'],
    ]);
    expect(await t.service.listCases(merchantId, { openOnly: true })).toEqual([]);
    expect((await t.service.listCases(merchantId)).map((c) => c.status)).toEqual(['cancelled']);
  });

  it('refuses to cancel once staff made contact, and changes nothing', async () => {
    const { merchantId, chatId } = await t.merchant('bob');
    const opened = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at: AT });
    const contacted = await transitionCase(t.deps, opened.id, { event: 'contact', actor: { kind: 'staff', id: 'staff-1' }, at: LATER });
    expect(contacted).toMatchObject({ ok: true, summary: { status: 'contacted', nextDeadline: null } });
    const before = await snapshot(opened.id);
    const refused = await t.service.cancelCase({ merchantId, number: opened.number, at: new Date('2026-11-25T10:00:00+08:00') });
    expect(refused).toMatchObject({ ok: false, code: 'case.transition_not_allowed' });
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.message.zh).toContain('不能再取消');
    expect(refused.message.en).toContain('can no longer be cancelled');
    expect(await snapshot(opened.id)).toEqual(before);
    expect(before.events.map((e) => e.kind)).toEqual(['open', 'contact']);
  });

  it('refuses to cancel a complaint (no such action) and a case already cancelled', async () => {
    const { merchantId, chatId } = await t.merchant('carol');
    const complaint = await t.service.openCase({ chatId, merchantId, lang: 'en', draft: { type: 'complaint', description: 'rude', accusedName: 'Li' }, at: AT });
    expect(await t.service.cancelCase({ merchantId, number: complaint.number, at: LATER })).toMatchObject({ ok: false, code: 'case.transition_not_allowed' });
    const ret = await t.service.openCase({ chatId, merchantId, lang: 'en', draft: returnDraft('2026-11-20'), at: AT });
    expect(await t.service.cancelCase({ merchantId, number: ret.number, at: LATER })).toMatchObject({ ok: true });
    const before = await snapshot(ret.id);
    expect(await t.service.cancelCase({ merchantId, number: ret.number, at: LATER })).toMatchObject({ ok: false, code: 'case.transition_not_allowed' });
    expect(await snapshot(ret.id)).toEqual(before);
  });

  it('never shows or cancels another merchant\'s case, even by its number', async () => {
    const owner = await t.merchant('dave');
    const stranger = await t.merchant('eve');
    const opened = await t.service.openCase({ chatId: owner.chatId, merchantId: owner.merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: AT });
    const before = await snapshot(opened.id);
    expect(await t.service.findCase(stranger.merchantId, opened.number)).toBeNull();
    expect(await t.service.listCases(stranger.merchantId)).toEqual([]);
    const refused = await t.service.cancelCase({ merchantId: stranger.merchantId, number: opened.number, at: LATER });
    expect(refused).toMatchObject({ ok: false, code: 'case.not_found' });
    // Same answer as for a number that does not exist: nothing tells the stranger the case is real.
    const unknown = await t.service.cancelCase({ merchantId: stranger.merchantId, number: 'RT-20261124-9999', at: LATER });
    if (refused.ok || unknown.ok) throw new Error('expected refusals');
    expect(refused.message.en.replace(opened.number, 'N')).toBe(unknown.message.en.replace('RT-20261124-9999', 'N'));
    expect(await snapshot(opened.id)).toEqual(before);
    expect(await t.service.findCase(owner.merchantId, ` ${opened.number.toLowerCase()} `)).toMatchObject({ id: opened.id, status: 'requested' });
    expect(await t.service.findCase(owner.merchantId, 'not a number')).toBeNull();
  });

  it('lets only one of two simultaneous cancels through, with one event', async () => {
    const { merchantId, chatId } = await t.merchant('frank');
    const opened = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: AT });
    const results = await Promise.all([1, 2, 3].map(() => t.service.cancelCase({ merchantId, number: opened.number, at: LATER })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code))).toEqual(['case.transition_not_allowed', 'case.transition_not_allowed']);
    expect((await snapshot(opened.id)).events.map((e) => e.kind)).toEqual(['open', 'cancel']);
  });

  it('lists the merchant\'s cases newest first, open ones only on request, within the limit', async () => {
    const { merchantId, chatId } = await t.merchant('grace');
    const first = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at: AT });
    const second = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: LATER });
    await t.service.cancelCase({ merchantId, number: first.number, at: LATER });
    expect((await t.service.listCases(merchantId)).map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await t.service.listCases(merchantId, { openOnly: true })).map((c) => c.id)).toEqual([second.id]);
    expect((await t.service.listCases(merchantId, { limit: 1 })).map((c) => c.id)).toEqual([second.id]);
  });
});
