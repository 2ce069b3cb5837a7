import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { FormButton, OutboundEnvelope } from '../../contracts/channel.ts';
import { blockLimits, fitMrkdwn, renderCard, type RenderedBlock } from './slack-card.ts';
import { encodeFormValue } from './slack-forms.ts';
import { escapeMrkdwn, splitForMrkdwn, truncate } from './slack-text.ts';

/** One `chat.postMessage` (or `chat.update`) worth of content. */
export interface SlackMessagePart {
  /** The notification and accessibility fallback; always set, escaped mrkdwn. */
  text: string;
  blocks: KnownBlock[];
}

/** What rendering needs besides the envelope. */
export interface RenderOptions {
  /**
   * The `action_id` to render for a button id: the id itself when it fits Slack's 255 characters,
   * otherwise a short token the channel obtained from the `ActionTokenStore` beforehand.
   */
  actionIdOf: (buttonId: string) => string;
  /** Resolves relative photo URLs of a card (console uploads). */
  publicUrl?: string | undefined;
}

/** Ids that confirm a step get Slack's `primary` style; everything else stays neutral. */
const primaryIdPattern = /(^|:)(confirm|approve|accept)(:|$)/;

const FALLBACK_MAX = 3000;

function textSections(text: string): RenderedBlock[] {
  return splitForMrkdwn(text, blockLimits.sectionText)
    .filter((piece) => piece.trim())
    .map((piece) => ({ block: { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(piece) } }, plain: piece }));
}

function renderButton(button: FormButton, actionId: string): Button {
  const element: Button = {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(button.label.trim() || button.id, blockLimits.buttonText), emoji: true },
  };
  if (button.form && button.form.fields.length) element.value = encodeFormValue(button.form);
  if (primaryIdPattern.test(button.id)) element.style = 'primary';
  return element;
}

function actionBlocks(buttons: FormButton[], options: RenderOptions): RenderedBlock[] {
  const seen = new Set<string>();
  const elements: Array<{ element: Button; label: string }> = [];
  for (const button of buttons) {
    const actionId = options.actionIdOf(button.id);
    // action_id must be unique in its block; a repeated id would do the same thing, so it is dropped.
    if (seen.has(actionId) || actionId.length > blockLimits.actionId) continue;
    seen.add(actionId);
    elements.push({ element: renderButton(button, actionId), label: button.label });
  }
  const blocks: RenderedBlock[] = [];
  for (let i = 0; i < elements.length; i += blockLimits.buttonsPerActions) {
    const chunk = elements.slice(i, i + blockLimits.buttonsPerActions);
    const block: ActionsBlock = { type: 'actions', elements: chunk.map((c) => c.element) };
    blocks.push({ block, plain: chunk.map((c) => c.label).join(' / ') });
  }
  return blocks;
}

/**
 * Renders an outbound envelope within Slack's limits: card blocks first, the text as mrkdwn
 * sections of at most 3000 escaped characters, the buttons as actions blocks of at most 25,
 * split into messages of at most 50 blocks (the buttons end up in the last one). Every part has
 * a `text` fallback. Pure.
 */
export function renderEnvelope(envelope: OutboundEnvelope, options: RenderOptions): SlackMessagePart[] {
  const rendered: RenderedBlock[] = [
    ...(envelope.card ? renderCard(envelope.card, options.publicUrl) : []),
    ...textSections(envelope.text),
    ...actionBlocks(envelope.buttons ?? [], options),
  ];
  if (!rendered.length) return [{ text: fitMrkdwn(envelope.text.trim() || '…', FALLBACK_MAX), blocks: [] }];
  const parts: SlackMessagePart[] = [];
  for (let i = 0; i < rendered.length; i += blockLimits.blocksPerMessage) {
    const chunk = rendered.slice(i, i + blockLimits.blocksPerMessage);
    // Notifications show the text; button labels only when a part holds nothing else.
    const texts = chunk.filter((b) => b.block.type !== 'actions').map((b) => b.plain);
    const plain = (texts.some((t) => t.trim()) ? texts : chunk.map((b) => b.plain)).filter((p) => p.trim()).join('\n');
    parts.push({ text: fitMrkdwn(plain.trim() || '…', FALLBACK_MAX), blocks: chunk.map((b) => b.block) });
  }
  return parts;
}
