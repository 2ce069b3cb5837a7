import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS } from '../../../src/domain/cases/actors.ts';
import { caseTypeLabel, eventLabel, statusLabel } from '../../../src/domain/cases/case-labels.ts';
import type { CaseType } from '../../../src/domain/cases/case-machines.ts';
import { CASE_EVENT_NAMES, CASE_TYPES, machineOf } from '../../../src/domain/cases/case-machines.ts';
import { allowedEvents, initialStatus, isOpen, isTerminal, transitionFor } from '../../../src/domain/cases/case-queries.ts';
import { deadlineNameForStep, SLA_STEPS } from '../../../src/domain/cases/sla-steps.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { asStatus } from './transition-fixtures.ts';

describe('allowedEvents (buttons)', () => {
  it.each([
    ['return', 'requested', 'staff', ['approve', 'reject']],
    ['return', 'requested', 'manager', ['approve', 'reject']],
    ['return', 'requested', 'merchant', ['cancel']],
    ['return', 'awaiting_goods', 'merchant', ['markShipped', 'cancel']],
    ['return', 'awaiting_goods', 'staff', ['markShipped', 'markGoodsReceived']],
    ['return', 'goods_shipped', 'merchant', []],
    ['quality', 'contacted', 'staff', ['startProcessing', 'resolve']],
    ['quality', 'resolved', 'system', ['close']],
    ['complaint', 'recorded', 'staff', []],
    ['complaint', 'recorded', 'merchant', []],
    ['complaint', 'recorded', 'manager', ['startReview']],
    ['consultation_followup', 'closed', 'manager', []],
  ] as const)('%s in %s for %s', (type, status, actor, expected) => {
    expect(allowedEvents(type, status, actor)).toEqual(expected);
  });

  it('lists the inputs a button must collect first', () => {
    expect(transitionFor('return', 'requested', 'reject')?.requires).toEqual(['reason']);
    expect(transitionFor('return', 'closed', 'reject')).toBeUndefined();
  });
});

describe('status predicates', () => {
  it.each(CASE_TYPES)('%s: open and terminal are complementary over the table', (type) => {
    for (const status of machineOf(type).states) {
      expect(isOpen(type, asStatus(status))).toBe(!isTerminal(type, asStatus(status)));
    }
  });

  it('knows the designed end states', () => {
    expect(isTerminal('return', 'closed')).toBe(true);
    expect(isTerminal('return', 'cancelled')).toBe(true);
    expect(isTerminal('return', 'rejected')).toBe(false);
    expect(isTerminal('complaint', 'resolved')).toBe(false);
    expect(isOpen('quality', 'reported')).toBe(true);
    expect(isOpen<CaseType>('quality', asStatus('nonsense'))).toBe(false);
  });

  it('starts each type where the contract starts it', () => {
    expect(CASE_TYPES.map((type) => initialStatus(type))).toEqual(['reported', 'requested', 'requested', 'open', 'recorded']);
  });
});

describe('labels', () => {
  it.each(CASE_TYPES)('%s: every status has a zh and an en label', (type) => {
    for (const status of machineOf(type).states) {
      for (const lang of ['zh', 'en'] as const) {
        const label = statusLabel(type, asStatus(status), lang);
        expect(label, `${type}.${status}.${lang}`).not.toBe(status);
        expect(label.length).toBeGreaterThan(0);
      }
    }
    expect(caseTypeLabel(type, 'zh')).not.toBe(caseTypeLabel(type, 'en'));
  });

  it('labels every event in both languages', () => {
    for (const event of [...CASE_EVENT_NAMES, 'open' as const]) {
      expect(eventLabel(event, 'zh')).not.toBe(event);
      expect(eventLabel(event, 'en').length).toBeGreaterThan(0);
    }
  });

  it('words a shared status per type where it reads differently', () => {
    expect(statusLabel('return', 'requested', 'zh')).toBe('已申请退货');
    expect(statusLabel('exchange', 'requested', 'en')).toBe('Exchange requested');
    expect(statusLabel('quality', 'closed', 'zh')).toBe('已关闭');
  });

  it('shows an unknown status as given rather than failing', () => {
    expect(statusLabel<CaseType>('quality', asStatus('mystery'), 'en')).toBe('mystery');
  });
});

describe('SLA steps', () => {
  it('each step is timed by a policy deadline', () => {
    for (const step of SLA_STEPS) expect(defaultPolicy.deadlines[deadlineNameForStep(step)]).toBeDefined();
    expect(deadlineNameForStep('review')).toBe('returnReview');
  });

  it('every actor kind has a stable name', () => {
    expect(ACTOR_KINDS).toEqual(['merchant', 'staff', 'manager', 'system']);
  });
});
