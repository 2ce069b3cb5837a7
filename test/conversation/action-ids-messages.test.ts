import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionIds, MAX_ACTION_ID_BYTES, MENU_ITEMS, parseActionId } from '../../src/conversation/action-ids.ts';
import { FLOW_KINDS, SLOT_NAMES } from '../../src/conversation/intake-flows.ts';
import type { Messages } from '../../src/conversation/messages/index.ts';
import { en } from '../../src/conversation/messages/en.ts';
import { zh } from '../../src/conversation/messages/zh.ts';
import { PROBLEM_CATEGORIES } from '../../src/domain/intake/index.ts';
import { QUALITY_REMEDIES } from '../../src/domain/policy/policy-schema.ts';

const LONGEST_CASE = 'ABCD-20261124-999999';

describe('action ids', () => {
  const issued = [
    ...MENU_ITEMS.map(actionIds.menu),
    actionIds.lang('zh'),
    actionIds.lang('en'),
    actionIds.confirm(0),
    actionIds.confirm(999_999),
    actionIds.edit(),
    actionIds.cancelDraft(),
    actionIds.skip(),
    actionIds.keep(),
    ...FLOW_KINDS.map(actionIds.switchTo),
    ...SLOT_NAMES.map(actionIds.editSlot),
    ...PROBLEM_CATEGORIES.map(actionIds.category),
    ...QUALITY_REMEDIES.map(actionIds.remedy),
    actionIds.viewCase(LONGEST_CASE),
    actionIds.cancelCase(LONGEST_CASE),
    actionIds.cancelCaseConfirmed(LONGEST_CASE),
    actionIds.answerFeedback('0f8fad5b-d9cb-469f-a165-70867728950e', true),
    actionIds.answerFeedback('0f8fad5b-d9cb-469f-a165-70867728950e', false),
    ...([1, 2, 3, 4, 5] as const).map((score) => actionIds.rate(score, LONGEST_CASE)),
  ];

  it.each(issued)('%s fits Telegram callback_data and parses back', (id) => {
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_ACTION_ID_BYTES);
    expect(parseActionId(id)).toBeDefined();
  });

  it.each([
    ['flow:confirm:7', { kind: 'confirm', rev: 7 }],
    ['case:cancel-yes:RT-20261124-0007', { kind: 'case', op: 'cancelConfirmed', number: 'RT-20261124-0007' }],
    ['remedy:repair', { kind: 'remedy', remedy: 'repair' }],
    ['ans:no:0f8fad5b-d9cb-469f-a165-70867728950e', { kind: 'answer', helpful: false, answerId: '0f8fad5b-d9cb-469f-a165-70867728950e' }],
  ])('%s → %o', (id, action) => {
    expect(parseActionId(id)).toEqual(action);
  });

  it.each([undefined, '', 'flow', 'flow:confirm', 'flow:confirm:-1', 'flow:confirm:1.5', 'flow:explode', 'remedy:cash', 'cat:', 'edit:status', 'case:cancel:rt-20261124-0007', 'case:cancel:../x', 'menu:quality:extra', 'ans:ok:not-a-uuid', 'ans:maybe:0f8fad5b-d9cb-469f-a165-70867728950e', `case:view:${'A'.repeat(60)}`, 'lang:fr'])(
    '%j is refused',
    (id) => {
      expect(parseActionId(id)).toBeUndefined();
    },
  );

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (id) => void parseActionId(id)));
  });
});

// Calls every entry with sample arguments so each text of each language is rendered at least once.
function renderAll(m: Messages): string[] {
  const d = { firstContact: 2, returnWindow: 7, review: 2, refund: 3 };
  const texts: string[] = [m.help(d), ...Object.values(m.menu), ...Object.values(m.flowName), ...Object.values(m.fieldLabel), ...Object.values(m.categoryLabel), ...Object.values(m.remedyLabel)];
  for (const flow of FLOW_KINDS) {
    texts.push(m.draftStarted(flow), m.draftExpired(flow, 72), m.draftCancelled(flow), m.draftPending(flow), m.switchFlowAsk(flow, 'quality'), m.switchFlowButton(flow), m.caseOpened(flow, 'RT-20261124-0007'), m.summaryTitle(flow));
    for (const slot of SLOT_NAMES) texts.push(m.ask[slot](flow));
  }
  for (const [key, value] of Object.entries(m)) if (typeof value === 'string') texts.push(`${key}=${value}`);
  texts.push(
    ...(['empty', 'length', 'characters', 'no_digit'] as const).map(m.orderNumberInvalid),
    ...(['unrecognized', 'invalid', 'future', 'too_old'] as const).map(m.dateInvalid),
    m.quantityInvalid('format'),
    m.quantityInvalid('range'),
    m.truncated('x', 2000),
    m.slotRequired('x'),
    m.photosReceived(1, 1, 9),
    ...(['type', 'size', 'count'] as const).map((p) => m.photoRefused('a.jpg', p, '30.0')),
    m.fieldUpdated('x'),
    m.photosValue(0),
    m.photosValue(2),
    m.day({ year: 2026, month: 11, day: 20 }),
    m.windowInside(7, 'x'),
    m.windowOutside(7, 'x'),
    m.complaintOpened('CP-20261124-0001'),
    m.outsideWindowOpened(7),
    m.nextDeadline('first_contact', 2, 'x'),
    m.nextDeadline('review', 1, 'x'),
    m.nextDeadline(undefined, undefined, 'x'),
    m.casesHeader(3),
    m.caseNotFound('x'),
    m.orderAndItem('a', 'b'),
    m.cancelCaseButton('x'),
    m.cancelCaseAsk('x'),
    m.caseCancelled('x'),
    m.cancelRefused('x', 'y'),
    m.when({ year: 2027, month: 1, day: 5, hour: 18, minute: 0, withYear: true }),
    m.consultSource(['3.2.1']),
    m.consultSource(['3.2.1', '3.2.4']),
    m.answerFollowupOpened('CF-20261126-0001'),
    m.ratingThanks('QP-20261126-0001', 4),
    m.ratingLowThanks('QP-20261126-0001', 1, 'CF-20261126-0002'),
    m.ratingLowThanks('QP-20261126-0001', 2, undefined),
    m.ratingAlready('QP-20261126-0001', 4),
  );
  return texts;
}

describe('message catalogues', () => {
  it('render every text in both languages, none empty', () => {
    for (const m of [zh, en]) for (const t of renderAll(m)) expect(t.trim().length, t).toBeGreaterThan(0);
    expect(renderAll(zh)).toHaveLength(renderAll(en).length);
  });

  it('keep English free of Chinese (except the button that switches to it) and Chinese texts Chinese', () => {
    const englishTexts = renderAll(en).filter((t) => !t.startsWith('switchLangButton='));
    // The help text quotes the command "中文" as it must be typed.
    for (const t of englishTexts) expect(t.replaceAll('"中文"', ''), t).not.toMatch(/\p{Script=Han}/u);
    for (const t of [zh.help({ firstContact: 2, returnWindow: 7, review: 2, refund: 3 }), zh.notUnderstood, zh.confirmPrompt]) expect(t).toMatch(/\p{Script=Han}/u);
  });

  it('phrase deadlines the way merchants read them', () => {
    expect(zh.nextDeadline('first_contact', 2, zh.when({ year: 2026, month: 11, day: 26, hour: 18, minute: 0, withYear: false }))).toBe('工作人员将在 2 个工作日内（11月26日 18:00 前）联系您。');
    expect(en.nextDeadline('first_contact', 2, en.when({ year: 2026, month: 11, day: 26, hour: 18, minute: 0, withYear: false }))).toBe('Staff will contact you within 2 working days (by 26 Nov 18:00).');
    expect(en.when({ year: 2027, month: 1, day: 5, hour: 9, minute: 5, withYear: true })).toBe('5 Jan 2027 09:05');
  });
});
