import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS } from '../../../src/domain/cases/actors.ts';
import { applyTransition } from '../../../src/domain/cases/apply-transition.ts';
import type { CaseType } from '../../../src/domain/cases/case-machines.ts';
import { CASE_EVENT_NAMES, CASE_TYPES, machineOf } from '../../../src/domain/cases/case-machines.ts';
import { asStatus, bareCommand, fullCommand } from './transition-fixtures.ts';

function refusal(type: CaseType, status: string, command: Parameters<typeof applyTransition>[2]) {
  const result = applyTransition(type, asStatus(status), command);
  if (result.ok) throw new Error(`expected ${type}/${status}/${command.event} to be refused`);
  return result;
}

describe('refused: wrong state', () => {
  it.each([
    ['quality', 'reported', 'resolve', 'staff'],
    ['quality', 'reported', 'startProcessing', 'staff'],
    ['quality', 'contacted', 'contact', 'staff'],
    ['quality', 'resolved', 'resolve', 'staff'],
    ['return', 'requested', 'giveReturnAddress', 'staff'],
    ['return', 'requested', 'refund', 'staff'],
    ['return', 'approved', 'approve', 'staff'],
    ['return', 'approved', 'markShipped', 'merchant'],
    ['return', 'rejected', 'approve', 'staff'],
    ['return', 'goods_shipped', 'refund', 'staff'],
    ['return', 'refunded', 'refund', 'staff'],
    ['return', 'requested', 'close', 'system'],
    ['exchange', 'goods_received', 'close', 'staff'],
    ['consultation_followup', 'open', 'resolve', 'staff'],
    ['complaint', 'recorded', 'resolve', 'manager'],
    ['complaint', 'under_review', 'close', 'manager'],
  ] as const)('%s: %s -%s-> by %s', (type, status, event, actor) => {
    expect(refusal(type, status, fullCommand(event, actor)).code).toBe('case.transition_not_allowed');
  });

  it.each([
    ['quality', 'reported', 'refund'],
    ['quality', 'reported', 'approve'],
    ['return', 'goods_received', 'exchange'],
    ['exchange', 'goods_received', 'refund'],
    ['consultation_followup', 'open', 'approve'],
    ['complaint', 'recorded', 'cancel'],
  ] as const)('%s has no %s event at all', (type, _status, event) => {
    const result = refusal(type, _status, fullCommand(event, 'manager'));
    expect(result.code).toBe('case.transition_not_allowed');
    expect(result.message.en).toContain('does not apply');
  });

  it.each(CASE_TYPES)('%s: terminal states refuse every event from every actor', (type) => {
    const machine = machineOf(type);
    for (const status of machine.terminal) {
      for (const event of CASE_EVENT_NAMES) {
        for (const kind of ACTOR_KINDS) {
          expect(applyTransition(type, asStatus(status), fullCommand(event, kind)).ok).toBe(false);
        }
      }
    }
  });

  it('an unknown status is refused, not thrown', () => {
    expect(refusal('quality', 'teleported', fullCommand('contact', 'staff')).code).toBe('case.transition_not_allowed');
  });
});

describe('refused: cancelling too late, with a reason the merchant understands', () => {
  it.each([
    ['return', 'rejected', '该申请已审核，不能再取消。', 'This request has already been reviewed and can no longer be cancelled.'],
    ['exchange', 'rejected', '该申请已审核，不能再取消。', 'This request has already been reviewed and can no longer be cancelled.'],
    ['return', 'goods_shipped', '退回的商品已寄出，该申请不能再取消。', 'The goods are already on their way back, so this request can no longer be cancelled.'],
    ['quality', 'contacted', '工作人员已与您联系并在处理，该质量问题报告不能再取消。', 'Staff have already contacted you and are handling this report, so it can no longer be cancelled.'],
    ['consultation_followup', 'contacted', '工作人员已跟进您的问题，不能再取消。', 'Staff have already followed up on your question, so it can no longer be cancelled.'],
  ] as const)('%s in %s', (type, status, zh, en) => {
    expect(refusal(type, status, bareCommand('cancel', 'merchant'))).toEqual({
      ok: false,
      code: 'case.transition_not_allowed',
      message: { zh, en },
    });
  });

  it('names the state when the case has already ended', () => {
    const { message } = refusal('return', 'closed', bareCommand('cancel', 'merchant'));
    expect(message).toEqual({
      zh: '该案件已结束（「已关闭」），不能再执行「取消」。',
      en: 'This case has ended ("Closed"); "Cancel" is no longer possible.',
    });
  });

  it('names the state otherwise', () => {
    expect(refusal('return', 'goods_shipped', fullCommand('approve', 'staff')).message).toEqual({
      zh: '该案件当前状态为「商品已寄回」，不能执行「审核通过」。',
      en: 'This case is currently "Goods shipped back", so "Approve" is not possible.',
    });
  });
});

describe('refused: wrong actor', () => {
  it.each([
    ['quality', 'reported', 'contact', 'merchant'],
    ['quality', 'reported', 'contact', 'system'],
    ['quality', 'reported', 'cancel', 'staff'],
    ['quality', 'contacted', 'resolve', 'merchant'],
    ['return', 'requested', 'approve', 'merchant'],
    ['return', 'requested', 'reject', 'system'],
    ['return', 'requested', 'cancel', 'manager'],
    ['return', 'awaiting_goods', 'markShipped', 'system'],
    ['return', 'goods_shipped', 'markGoodsReceived', 'merchant'],
    ['return', 'goods_received', 'refund', 'merchant'],
    ['return', 'refunded', 'close', 'merchant'],
    ['exchange', 'goods_received', 'exchange', 'merchant'],
    ['consultation_followup', 'open', 'contact', 'merchant'],
    ['complaint', 'recorded', 'startReview', 'staff'],
    ['complaint', 'under_review', 'resolve', 'staff'],
    ['complaint', 'resolved', 'close', 'staff'],
  ] as const)('%s: %s -%s-> by %s', (type, status, event, actor) => {
    expect(refusal(type, status, fullCommand(event, actor)).code).toBe('case.actor_not_allowed');
  });

  it('a merchant can do nothing at all to a complaint', () => {
    for (const status of machineOf('complaint').states) {
      for (const event of CASE_EVENT_NAMES) {
        expect(applyTransition('complaint', asStatus(status), fullCommand(event, 'merchant')).ok).toBe(false);
      }
    }
  });

  it('says who may act, in both languages', () => {
    expect(refusal('return', 'requested', fullCommand('approve', 'merchant')).message).toEqual({
      zh: '只有客服人员或经理可以执行「审核通过」。',
      en: 'Only service staff or managers can do "Approve".',
    });
    expect(refusal('complaint', 'under_review', fullCommand('resolve', 'staff')).message.zh).toBe('只有经理可以执行「标记为已解决」。');
  });

  it('managers may do what staff do', () => {
    expect(applyTransition('return', 'requested', fullCommand('approve', 'manager')).ok).toBe(true);
  });
});

describe('refused: missing or invalid inputs', () => {
  it.each([
    ['return', 'requested', 'reject', 'reason'],
    ['exchange', 'requested', 'reject', 'reason'],
    ['quality', 'contacted', 'resolve', 'remedy'],
    ['quality', 'in_progress', 'resolve', 'remedy'],
    ['return', 'approved', 'giveReturnAddress', 'address'],
    ['return', 'awaiting_goods', 'markShipped', 'trackingNumber'],
    ['complaint', 'under_review', 'resolve', 'note'],
  ] as const)('%s: %s -%s-> without %s', (type, status, event, field) => {
    const actor = type === 'complaint' ? 'manager' : event === 'markShipped' ? 'merchant' : 'staff';
    const result = refusal(type, status, bareCommand(event, actor));
    expect(result.code).toBe('case.field_required');
    expect(result.message.zh).not.toBe('');
    const blank = field === 'reason' ? { reason: '   ' } : { fields: { [field]: '  ' } };
    expect(refusal(type, status, { ...bareCommand(event, actor), ...blank }).code).toBe('case.field_required');
  });

  it('reads the reason from the command, not from fields', () => {
    const result = refusal('return', 'requested', { ...bareCommand('reject', 'staff'), fields: { reason: 'late' } });
    expect(result.message).toEqual({ zh: '「驳回」需要填写理由。', en: '"Reject" needs a reason.' });
  });

  it.each([
    ['quality', 'contacted', 'resolve', { remedy: 'compensation' }],
    ['return', 'awaiting_goods', 'markShipped', { trackingNumber: '顺丰 SF123' }],
    ['return', 'awaiting_goods', 'markShipped', { trackingNumber: 'SF1' }],
  ] as const)('%s: %s -%s-> with a bad value', (type, status, event, fields) => {
    const result = refusal(type, status, { ...bareCommand(event, 'staff'), fields });
    expect(result.code).toBe('case.field_invalid');
  });

  it('stores trimmed inputs and passes extra fields through', () => {
    const result = applyTransition<CaseType>('return', 'requested', {
      ...bareCommand('reject', 'staff'),
      reason: '  超出退货期  ',
      fields: { internalNote: 'checked order' },
    });
    expect(result).toMatchObject({ ok: true, event: { reason: '超出退货期', fields: { internalNote: 'checked order' } } });
  });

  it('keeps an optional reason on a transition that does not require one', () => {
    const result = applyTransition<CaseType>('return', 'approved', { ...bareCommand('cancel', 'merchant'), reason: '买错尺码' });
    expect(result).toMatchObject({ ok: true, event: { reason: '买错尺码' } });
  });

  it('throws only for an invalid time, which is a programming error', () => {
    expect(() => applyTransition<CaseType>('quality', 'reported', { ...bareCommand('contact', 'staff'), at: new Date('nope') })).toThrow(RangeError);
  });
});
