import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/contracts/lang.ts';
import { renderDrafts, type CaseOutboxDraft, type DraftTarget } from '../../src/store/case-outbox-store.ts';

// Where a case change's messages go, as rows (nothing is written): an assignee draft goes to the
// staff member's DMs, falls back to its desks when there is none, and copies them when asked.
describe('renderDrafts: drafts to an assignee', () => {
  const merchant: DraftTarget = { id: 'merchant', lang: 'zh-CN', platform: 'telegram' };
  const desks: DraftTarget[] = [
    { id: 'staff-slack', kind: 'staff', lang: 'zh-CN', platform: 'slack' },
    { id: 'staff-console', kind: 'staff', lang: 'zh-CN', platform: 'console' },
    { id: 'managers', kind: 'manager', lang: 'en', platform: 'slack' },
  ];
  const dm: DraftTarget = { id: 'dm-slack', kind: 'staff_dm', lang: 'en', platform: 'slack' };
  const render = (lang: Lang) => ({ text: `warning ${lang}`, buttons: [{ id: 'desk:contact:QA-20261126-0001', label: 'contact' }], payload: { cardOf: 'case-1', card: { caseNumber: 'QA-20261126-0001', title: 't', fields: [], photos: [] } } });
  const toAssignee = (alsoDesk: boolean, orElse: 'staff' | 'manager' = 'staff'): CaseOutboxDraft => ({ to: 'assignee', staffId: 's1', via: [{ platform: 'slack', opens: 'bot_opens' }], orElse, alsoDesk, render });
  const chatsOf = (drafts: CaseOutboxDraft[], dms: Map<string, DraftTarget[]>) => renderDrafts(drafts, merchant, desks, 'case-1', new Date(), dms).rows.map((r) => r.chatId);

  it('goes to the DM only, in the DM chat language, as a new message (no card edit)', () => {
    const { rows, touched } = renderDrafts([toAssignee(false)], merchant, desks, 'case-1', new Date(), new Map([['s1', [dm]]]));
    expect(rows.map((r) => r.chatId)).toEqual(['dm-slack']);
    expect(rows[0]!.text).toBe('warning en');
    expect(rows[0]!.payload).toEqual({ card: { caseNumber: 'QA-20261126-0001', title: 't', fields: [], photos: [] } });
    expect(rows[0]!.buttons).toEqual([{ id: 'desk:contact:QA-20261126-0001', label: 'contact' }]);
    expect(touched).toEqual([{ chatId: 'dm-slack', platform: 'slack' }]);
  });

  it('with alsoDesk, the desks of its kind get it too (keeping the card edit there)', () => {
    const { rows } = renderDrafts([toAssignee(true)], merchant, desks, 'case-1', new Date(), new Map([['s1', [dm]]]));
    expect(rows.map((r) => r.chatId)).toEqual(['dm-slack', 'staff-slack', 'staff-console']);
    expect(rows[1]!.payload).toMatchObject({ cardOf: 'case-1' });
  });

  it('without a DM (none resolved, or an empty list) it goes to the fallback desks, whatever alsoDesk says', () => {
    for (const alsoDesk of [false, true]) {
      expect(chatsOf([toAssignee(alsoDesk)], new Map())).toEqual(['staff-slack', 'staff-console']);
      expect(chatsOf([toAssignee(alsoDesk, 'manager')], new Map([['s1', []]]))).toEqual(['managers']);
    }
  });

  it('desk drafts never reach a DM', () => {
    expect(chatsOf([{ to: 'staff', render }], new Map([['s1', [dm]]]))).toEqual(['staff-slack', 'staff-console']);
  });
});
