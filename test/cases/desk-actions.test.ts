import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseCardButtons, deskActionSchema, stepActionId } from '../../src/cases/desk-actions.ts';
import { CASE_TYPES, machineOf } from '../../src/domain/cases/case-machines.ts';

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

describe('desk action ids', () => {
  it.each([
    ['desk:approve:RT-20261126-0001', { kind: 'step', event: 'approve', caseNumber: 'RT-20261126-0001' }],
    ['desk:resolve:QP-20261126-0042:refund', { kind: 'step', event: 'resolve', caseNumber: 'QP-20261126-0042', remedy: 'refund' }],
    ['desk:claim:EX-20261126-0003', { kind: 'claim', subject: 'EX-20261126-0003' }],
    ['desk:handback:0b5c2f7e-2a4b-4c43-9d61-5f0e2b4d7a10', { kind: 'handback', subject: '0b5c2f7e-2a4b-4c43-9d61-5f0e2b4d7a10' }],
  ])('%s parses', (id, expected) => {
    expect(deskActionSchema.parse(id)).toEqual(expected);
  });

  it.each([
    'desk:approve',
    'desk:approve:rt-1',
    'desk:fly:RT-20261126-0001',
    'desk:resolve:QP-20261126-0042:gold',
    'case:cancel:RT-20261126-0001',
    'desk:approve:RT-20261126-0001:refund:extra',
    'desk:takeover:../../etc',
  ])('%s is refused', (id) => {
    expect(deskActionSchema.safeParse(id).success).toBe(false);
  });

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => typeof deskActionSchema.safeParse(s).success === 'boolean'));
  });
});

describe('case card buttons', () => {
  const number = 'RT-20261126-0001';

  it('a new return offers claim, approve and reject with a reason form (3.2.2)', () => {
    const buttons = caseCardButtons({ type: 'return', status: 'requested', number, assigned: false, actor: 'staff', lang: 'zh-CN' });
    expect(buttons.map((b) => b.id)).toEqual([`desk:claim:${number}`, `desk:approve:${number}`, `desk:reject:${number}`]);
    expect(buttons[2]?.form?.fields.map((f) => f.name)).toEqual(['reason']);
  });

  it('an approved return asks for the return address (3.2.3); claimed cases show no claim button', () => {
    const buttons = caseCardButtons({ type: 'return', status: 'approved', number, assigned: true, actor: 'staff', lang: 'en' });
    expect(buttons.map((b) => b.id)).toEqual([`desk:giveReturnAddress:${number}`]);
    expect(buttons[0]?.form?.fields[0]).toMatchObject({ name: 'address', label: 'return address' });
  });

  it('resolving a quality case offers one button per remedy (3.1.3)', () => {
    const buttons = caseCardButtons({ type: 'quality', status: 'contacted', number: 'QP-20261126-0001', assigned: true, actor: 'staff', lang: 'zh-CN' });
    expect(buttons.map((b) => b.id)).toContain('desk:resolve:QP-20261126-0001:refund');
    expect(buttons.map((b) => b.id)).toContain('desk:startProcessing:QP-20261126-0001');
  });

  it('complaints are steps for managers only (4.3.2)', () => {
    expect(caseCardButtons({ type: 'complaint', status: 'recorded', number: 'CP-20261126-0001', assigned: false, actor: 'staff', lang: 'zh-CN' })).toEqual([]);
    expect(caseCardButtons({ type: 'complaint', status: 'recorded', number: 'CP-20261126-0001', assigned: false, actor: 'manager', lang: 'zh-CN' }).map((b) => b.id)).toContain(
      'desk:startReview:CP-20261126-0001',
    );
  });

  it('every button of every state parses back and fits Telegram callback_data', () => {
    for (const type of CASE_TYPES) {
      for (const status of machineOf(type).states) {
        for (const actor of ['staff', 'manager'] as const) {
          for (const button of caseCardButtons({ type, status, number: 'CF-20261126-123456', assigned: false, actor, lang: 'en' })) {
            expect(byteLength(button.id)).toBeLessThanOrEqual(64);
            expect(deskActionSchema.safeParse(button.id).success).toBe(true);
          }
        }
      }
    }
  });

  it('terminal states have no buttons', () => {
    expect(caseCardButtons({ type: 'return', status: 'closed', number, assigned: true, actor: 'manager', lang: 'en' })).toEqual([]);
    expect(stepActionId('refund', number)).toBe(`desk:refund:${number}`);
  });
});
