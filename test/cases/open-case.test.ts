import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInZone } from '../../src/domain/calendar/index.ts';
import { SH, qualityDraft, returnDraft, startCaseTest, type CaseTestContext } from './case-fixtures.ts';

describe('opening cases (real database)', () => {
  let t: CaseTestContext;
  beforeAll(async () => {
    t = await startCaseTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens a quality case in its initial status with its first-contact deadline and one opening event', async () => {
    const { merchantId, chatId } = await t.merchant('alice');
    const at = new Date('2026-11-23T10:00:00+08:00');
    const summary = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at });
    expect(summary).toMatchObject({ number: 'QP-20261123-0001', type: 'quality', status: 'reported', lang: 'zh-CN', outsideWindow: false, orderNumber: 'PO-1001', itemName: '保温杯' });
    expect(summary.openedAt.getTime()).toBe(at.getTime());
    expect(summary.nextDeadline).toMatchObject({ step: 'first_contact', calendar: 'cn', clause: '3.1.2' });
    expect(formatInZone(summary.nextDeadline?.dueAt ?? new Date(0), SH)).toBe('2026-11-25T18:00:00+08:00');

    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: summary.id }, include: { deadlines: true, events: true } });
    expect(row).toMatchObject({ merchantId, chatId, quantity: 2, problemCategory: 'damaged', description: '杯盖开裂', calendarLabel: 'cn', closedAt: null });
    expect(row.deadlines).toHaveLength(1);
    expect(row.deadlines[0]).toMatchObject({ step: 'first_contact', startedAt: at, metAt: null, cancelledAt: null });
    expect(row.events).toHaveLength(1);
    expect(row.events[0]).toMatchObject({ kind: 'open', actorKind: 'merchant', actorId: merchantId, fromStatus: null, toStatus: 'reported' });
  });

  it('gives 20 concurrent openings unique consecutive numbers', async () => {
    const { merchantId, chatId } = await t.merchant('bob');
    const at = new Date('2026-11-24T11:00:00+08:00');
    const opened = await Promise.all(Array.from({ length: 20 }, () => t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at })));
    const numbers = opened.map((c) => c.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `RT-20261124-${String(i + 1).padStart(4, '0')}`));
    expect(await t.prisma.caseNumberCounter.findUnique({ where: { prefix_day: { prefix: 'RT', day: '20261124' } } })).toMatchObject({ last: 20 });
    expect(await t.prisma.caseEvent.count({ where: { caseId: { in: opened.map((c) => c.id) } } })).toBe(20);
  });

  it('opens a case once per request key, even when the confirmation is retried concurrently', async () => {
    const { merchantId, chatId } = await t.merchant('idempotent');
    const at = new Date('2026-11-24T12:00:00+08:00');
    const open = () => t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at, requestKey: `${chatId}:draft-1` });
    const first = await open();
    const retried = await Promise.all(Array.from({ length: 5 }, open));
    expect(new Set(retried.map((c) => c.number))).toEqual(new Set([first.number]));
    expect(await t.prisma.case.count({ where: { merchantId } })).toBe(1);
    expect(await t.prisma.caseEvent.count({ where: { caseId: first.id } })).toBe(1);
    const other = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at, requestKey: `${chatId}:draft-2` });
    expect(other.number).not.toBe(first.number);
  });

  it('opens one case when the first confirmations of a request race, and gives the numbers of the losers back', async () => {
    const { merchantId, chatId } = await t.merchant('racing');
    const at = new Date('2026-11-28T12:00:00+08:00');
    const open = () => t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at, requestKey: `${chatId}:draft-race` });
    const raced = await Promise.all(Array.from({ length: 6 }, open));
    expect(new Set(raced.map((c) => c.number))).toEqual(new Set(['QP-20261128-0001']));
    expect(await t.prisma.case.count({ where: { merchantId } })).toBe(1);
    // Every losing statement was rolled back whole, its number with it: the next case is 0002.
    expect((await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at })).number).toBe('QP-20261128-0002');
  });

  it('numbers per prefix and per business-local day', async () => {
    const { merchantId, chatId } = await t.merchant('carol');
    const open = (at: string) => t.service.openCase({ chatId, merchantId, lang: 'en', draft: { type: 'exchange', receivedOn: '2026-11-20' }, at: new Date(at) });
    expect((await open('2026-11-25T15:59:00Z')).number).toBe('EX-20261125-0001');
    // 16:00 UTC is midnight in Shanghai: a new local day, a new sequence.
    expect((await open('2026-11-25T16:00:00Z')).number).toBe('EX-20261126-0001');
    expect((await open('2026-11-25T17:00:00Z')).number).toBe('EX-20261126-0002');
  });

  it('opens a return past the 7-working-day window, flagged outsideWindow, never refused', async () => {
    const { merchantId, chatId } = await t.merchant('dave');
    const late = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-10'), at: new Date('2026-11-25T10:00:00+08:00') });
    expect(late).toMatchObject({ status: 'requested', outsideWindow: true });
    expect(late.nextDeadline).toMatchObject({ step: 'review', clause: '3.2.2' });
    const row = await t.prisma.case.findUniqueOrThrow({ where: { id: late.id } });
    expect(row.receivedOn?.toISOString().slice(0, 10)).toBe('2026-11-10');
    expect(row.details).toMatchObject({ returnWindow: { within: false, clause: '3.2.1', calendar: 'cn', deadline: new Date('2026-11-19T18:00:00+08:00').toISOString() } });

    const lastMinute = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: new Date('2026-12-01T17:59:00+08:00') });
    expect(lastMinute.outsideWindow).toBe(false);
    const minuteLate = await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-11-20'), at: new Date('2026-12-01T18:01:00+08:00') });
    expect(minuteLate.outsideWindow).toBe(true);
  });

  it('records a complaint with the accused name and stores attachments by reference', async () => {
    const { merchantId, chatId } = await t.merchant('erin');
    const summary = await t.service.openCase({
      chatId,
      merchantId,
      lang: 'zh-CN',
      draft: {
        type: 'complaint',
        accusedName: '王客服',
        description: '态度恶劣',
        attachments: [
          { ref: 'upload-1', mimeType: 'image/jpeg', sizeBytes: 1234, fileName: 'a.jpg' },
          { ref: 'upload-2', mimeType: 'image/png', sizeBytes: 99 },
        ],
      },
      at: new Date('2026-11-25T10:00:00+08:00'),
    });
    expect(summary).toMatchObject({ type: 'complaint', status: 'recorded', nextDeadline: null });
    expect(summary.number).toMatch(/^CP-20261125-\d{4}$/);
    expect(await t.prisma.complaint.findUniqueOrThrow({ where: { caseId: summary.id } })).toMatchObject({ merchantId, accusedName: '王客服', description: '态度恶劣' });
    const attachments = await t.prisma.attachment.findMany({ where: { caseId: summary.id }, orderBy: { externalRef: 'asc' } });
    expect(attachments.map((a) => [a.platform, a.externalRef, a.mimeType, a.sizeBytes, a.fileName])).toEqual([
      ['console', 'upload-1', 'image/jpeg', 1234, 'a.jpg'],
      ['console', 'upload-2', 'image/png', 99, null],
    ]);
  });

  it('writes nothing (not even a number) when the draft or the chat is invalid', async () => {
    const { merchantId, chatId } = await t.merchant('frank');
    const other = await t.merchant('grace');
    const at = new Date('2026-11-27T10:00:00+08:00');
    await expect(t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: returnDraft('2026-02-30'), at })).rejects.toMatchObject({ code: 'case.draft_invalid' });
    await expect(t.service.openCase({ chatId: other.chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at })).rejects.toMatchObject({ code: 'case.chat_invalid' });
    expect(await t.prisma.case.count({ where: { merchantId } })).toBe(0);
    expect(await t.prisma.caseNumberCounter.count({ where: { day: '20261127' } })).toBe(0);
    expect((await t.service.openCase({ chatId, merchantId, lang: 'zh-CN', draft: qualityDraft, at })).number).toBe('QP-20261127-0001');
  });
});
