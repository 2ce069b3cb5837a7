import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFormValue } from '../../../src/channels/slack/slack-forms.ts';
import { renderEnvelope, type SlackMessagePart } from '../../../src/channels/slack/slack-render.ts';
import { decodeSlackText, escapeMrkdwn, splitForMrkdwn } from '../../../src/channels/slack/slack-text.ts';
import { formFieldNames, type CaseCard, type FormButton, type OutboundEnvelope } from '../../../src/contracts/channel.ts';

const address = { platform: 'slack', workspace: 'T1', externalChatId: 'D1' } as const;
const shortIds = (id: string) => (id.length > 255 ? `tok:${id.length}` : id);
const render = (envelope: Partial<OutboundEnvelope>) =>
  renderEnvelope({ id: 'o1', address, lang: 'zh-CN', text: '', ...envelope }, { actionIdOf: shortIds, publicUrl: 'https://bot.example.com' });

/** Text as merchants write it: Chinese, emoji, Slack control characters, newlines, long runs. */
const merchantText = fc.string({
  unit: fc.constantFrom('退', '货', '杯', '子', '碎', '了', '😭', '📦', '&', '<', '>', '*', '_', ' ', '\n', 'a', 'Z', '1', '<!channel>', '<@U1>'),
  maxLength: 400,
});
const repeated = (max: number) => fc.tuple(merchantText, fc.integer({ min: 1, max })).map(([t, n]) => (t || '货&').repeat(n));
/** Up to ~240,000 characters: several messages' worth of sections. */
const longText = repeated(600);

const button: fc.Arbitrary<FormButton> = fc.record({
  id: fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 256, maxLength: 400 })),
  label: merchantText,
  form: fc.option(fc.record({
    title: merchantText,
    fields: fc.array(fc.record({ name: fc.constantFrom(...formFieldNames), label: fc.string({ maxLength: 3000 }), multiline: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  }), { nil: undefined }),
});

const card: fc.Arbitrary<CaseCard> = fc.record({
  caseNumber: fc.constantFrom('R-20251125-0001', 'Q-20251126-0042'),
  title: merchantText,
  fields: fc.array(fc.record({ label: merchantText, value: repeated(20) }), { maxLength: 25 }),
  deadline: fc.option(merchantText, { nil: undefined }),
  photos: fc.array(fc.record({
    url: fc.option(fc.constantFrom('https://cdn.example.com/p/1.jpg', '/uploads/abc.jpg', 'http://localhost/x.png', 'javascript:alert(1)'), { nil: undefined }),
    platformFileId: fc.option(fc.constantFrom('F0PHOTO01', 'F0PHOTO02'), { nil: undefined }),
    fileName: fc.option(merchantText, { nil: undefined }),
  }), { maxLength: 14 }),
});

const envelope = fc.record({ text: fc.oneof(merchantText, longText), buttons: fc.option(fc.array(button, { maxLength: 70 }), { nil: undefined }), card: fc.option(card, { nil: undefined }) });

/** Every mrkdwn/plain text object in a block, with its limit. */
function textsOf(block: KnownBlock): Array<{ text: string; max: number; mrkdwn: boolean }> {
  switch (block.type) {
    case 'section':
      return [
        ...(block.text ? [{ text: block.text.text, max: 3000, mrkdwn: block.text.type === 'mrkdwn' }] : []),
        ...(block.fields ?? []).map((f) => ({ text: f.text, max: 2000, mrkdwn: f.type === 'mrkdwn' })),
      ];
    case 'header':
      return [{ text: block.text.text, max: 150, mrkdwn: false }];
    case 'context':
      return block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [{ text: e.text, max: 3000, mrkdwn: e.type === 'mrkdwn' }] : []));
    default:
      return [];
  }
}

/** A mrkdwn string may contain `<` or `>` only in the link syntax we produce ourselves. */
const withoutOurLinks = (text: string) => text.replace(/<https?:\/\/[^\s|<>]+\|[^<>]*>/g, '');
const unescapedControl = (text: string) => /[<>]/.test(withoutOurLinks(text));
const bareAmpersand = (text: string) => /&(?!amp;|lt;|gt;)/.test(withoutOurLinks(text));

function checkLimits(parts: SlackMessagePart[]): void {
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) {
    expect(part.text.trim().length).toBeGreaterThan(0);
    expect(part.text.length).toBeLessThanOrEqual(3000);
    expect(unescapedControl(part.text) || bareAmpersand(part.text)).toBe(false);
    expect(part.blocks.length).toBeLessThanOrEqual(50);
    for (const block of part.blocks) {
      for (const { text, max, mrkdwn } of textsOf(block)) {
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(max);
        if (mrkdwn) expect(unescapedControl(text) || bareAmpersand(text), text).toBe(false);
      }
      if (block.type === 'actions') {
        expect(block.elements.length).toBeGreaterThan(0);
        expect(block.elements.length).toBeLessThanOrEqual(25);
        const ids = block.elements.map((e) => ('action_id' in e ? e.action_id : undefined));
        expect(new Set(ids).size).toBe(ids.length);
        for (const element of block.elements) {
          if (element.type !== 'button') throw new Error('only buttons are rendered');
          expect(element.action_id?.length).toBeLessThanOrEqual(255);
          expect(element.text.text.length).toBeLessThanOrEqual(75);
          if (element.value !== undefined) expect(element.value.length).toBeLessThanOrEqual(2000);
        }
      }
    }
  }
}

describe('renderEnvelope: Block Kit limits (fast-check)', () => {
  it('sections ≤ 3000, ≤ 50 blocks a message, ≤ 25 unique buttons an actions block, values ≤ 2000, fallback text, escaped text', () => {
    fc.assert(fc.property(envelope, (e) => checkLimits(render(e))), { numRuns: 150 });
  });

  it('loses no text: the sections of all parts, unescaped, are the original text minus blank pieces', () => {
    fc.assert(fc.property(longText, (text) => {
      const sections = render({ text }).flatMap((p) => p.blocks).flatMap((b) => (b.type === 'section' && b.text ? [decodeSlackText(b.text.text)] : []));
      expect(sections.join('')).toBe(splitForMrkdwn(text, 3000).filter((p) => p.trim()).join(''));
    }), { numRuns: 50 });
  });

  it('every distinct button id is rendered once, in order, across the parts; form specs survive the round trip', () => {
    fc.assert(fc.property(fc.array(button, { maxLength: 70 }), (buttons) => {
      const elements = render({ text: 'x', buttons }).flatMap((p) => p.blocks).flatMap((b) => (b.type === 'actions' ? b.elements : []));
      const distinct: FormButton[] = [];
      for (const b of buttons) if (!distinct.some((d) => shortIds(d.id) === shortIds(b.id))) distinct.push(b);
      expect(elements.map((e) => ('action_id' in e ? e.action_id : ''))).toEqual(distinct.map((b) => shortIds(b.id)));
      elements.forEach((element, i) => {
        const form = distinct[i]?.form;
        const decoded = decodeFormValue('value' in element ? element.value : undefined);
        expect(decoded?.fields.map((f) => f.name)).toEqual(form ? [...new Set(form.fields.map((f) => f.name))] : undefined);
      });
    }), { numRuns: 200 });
  });
});

describe('renderEnvelope: examples', () => {
  it('escapes what a merchant wrote so mentions and links are shown, not run', () => {
    const [part] = render({ text: '<!channel> 快来 <https://evil.example|点我> & 看看 a>b' });
    expect(part?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '&lt;!channel&gt; 快来 &lt;https://evil.example|点我&gt; &amp; 看看 a&gt;b' } }]);
    expect(part?.text).toBe('&lt;!channel&gt; 快来 &lt;https://evil.example|点我&gt; &amp; 看看 a&gt;b');
    expect(escapeMrkdwn('&<>')).toBe('&amp;&lt;&gt;');
  });

  it('a reply with a confirm button: actions block, primary style only on confirm', () => {
    const [part] = render({ text: '请确认退货信息', buttons: [{ id: 'flow:confirm:3', label: '确认提交' }, { id: 'flow:edit', label: '修改' }] });
    expect(part?.blocks[1]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'flow:confirm:3', text: { type: 'plain_text', text: '确认提交', emoji: true }, style: 'primary' },
        { type: 'button', action_id: 'flow:edit', text: { type: 'plain_text', text: '修改', emoji: true } },
      ],
    });
  });

  it('a card: header, fields, deadline context, images for Slack files and https URLs, links for the rest', () => {
    const [part] = render({
      text: '新的质量问题申请',
      card: {
        caseNumber: 'Q-20251126-0042', title: '杯子破损', deadline: '审核截止 11月30日 18:00（剩 2 个工作日）',
        fields: [{ label: '商户', value: '小林杂货 <shop>' }, { label: '订单号', value: '2025112012345' }],
        photos: [{ platformFileId: 'F0PHOTO01', fileName: '破损.jpg' }, { url: 'https://cdn.example.com/p/1.jpg' }, { url: '/uploads/abc.jpg', fileName: '侧面.jpg' }],
      },
    });
    expect(part?.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'image', 'image', 'section', 'section']);
    expect(part?.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Q-20251126-0042 · 杯子破损' } });
    expect(part?.blocks[1]).toMatchObject({ fields: [{ type: 'mrkdwn', text: '*商户*\n小林杂货 &lt;shop&gt;' }, { type: 'mrkdwn', text: '*订单号*\n2025112012345' }] });
    expect(part?.blocks[3]).toEqual({ type: 'image', slack_file: { id: 'F0PHOTO01' }, alt_text: '破损.jpg' });
    expect(part?.blocks[5]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '📷 <https://bot.example.com/uploads/abc.jpg|侧面.jpg>' } });
  });

  it('a 200,000-character reply becomes several messages of ≤ 50 sections, buttons in the last', () => {
    const parts = render({ text: '很长的说明。'.repeat(33_334), buttons: [{ id: 'menu:help', label: '帮助' }] });
    expect(parts.length).toBe(2);
    expect(parts[0]?.blocks).toHaveLength(50);
    expect(parts.at(-1)?.blocks.at(-1)?.type).toBe('actions');
  });
});
