import type { ContextBlock, HeaderBlock, ImageBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { CaseCard } from '../../contracts/channel.ts';
import { escapeMrkdwn, splitForMrkdwn, truncate } from './slack-text.ts';

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const blockLimits = {
  sectionText: 3000,
  blocksPerMessage: 50,
  buttonsPerActions: 25,
  buttonValue: 2000,
  buttonText: 75,
  actionId: 255,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  imageAltText: 2000,
  imageUrl: 3000,
} as const;

/** Image blocks per card; further photos are listed as links. */
const MAX_IMAGE_BLOCKS = 10;

/** A block with the plain text it shows, for the message's `text` fallback. */
export interface RenderedBlock {
  block: KnownBlock;
  plain: string;
}

/** Escapes raw text for mrkdwn and fits the escaped result in `max` characters (`…` when cut). */
export function fitMrkdwn(raw: string, max: number): string {
  const pieces = splitForMrkdwn(raw, max - 1);
  return pieces.length > 1 ? `${escapeMrkdwn(pieces[0] ?? '')}…` : escapeMrkdwn(raw);
}

function fieldSections(fields: CaseCard['fields']): RenderedBlock[] {
  const sections: RenderedBlock[] = [];
  for (let i = 0; i < fields.length; i += blockLimits.fieldsPerSection) {
    const chunk = fields.slice(i, i + blockLimits.fieldsPerSection);
    const block: SectionBlock = {
      type: 'section',
      fields: chunk.map(({ label, value }) => {
        const head = `*${fitMrkdwn(label.trim() || '-', 200)}*\n`;
        return { type: 'mrkdwn', text: head + fitMrkdwn(value.trim() || '-', blockLimits.fieldText - head.length) };
      }),
    };
    sections.push({ block, plain: chunk.map(({ label, value }) => `${label}: ${value}`).join('\n') });
  }
  return sections;
}

const isHttpsUrl = (url: string) => {
  try {
    return new URL(url).protocol === 'https:' && url.length <= blockLimits.imageUrl;
  } catch {
    return false;
  }
};

/** Photos already on Slack or at an absolute https URL become image blocks; the rest are listed as links. */
function photoBlocks(photos: CaseCard['photos'], publicUrl: string | undefined): RenderedBlock[] {
  const blocks: RenderedBlock[] = [];
  const links: string[] = [];
  photos.forEach((photo, index) => {
    const alt = truncate(photo.fileName?.trim() || `photo ${index + 1}`, blockLimits.imageAltText);
    // Our own upload URLs (relative) may need a login, and Slack refuses a whole message whose image it cannot fetch: links.
    const relative = Boolean(photo.url && !/^[a-z]+:/i.test(photo.url));
    const url = relative && publicUrl ? new URL(photo.url ?? '', `${publicUrl}/`).href : photo.url;
    if (blocks.length < MAX_IMAGE_BLOCKS && photo.platformFileId) {
      const block: ImageBlock = { type: 'image', slack_file: { id: photo.platformFileId }, alt_text: alt };
      blocks.push({ block, plain: alt });
    } else if (blocks.length < MAX_IMAGE_BLOCKS && url && !relative && isHttpsUrl(url)) {
      blocks.push({ block: { type: 'image', image_url: url, alt_text: alt }, plain: alt });
    } else if (url && url.length <= 2000 && /^https?:\/\/[^\s|<>]+$/.test(url)) {
      links.push(`📷 <${url}|${fitMrkdwn(alt, 200)}>`);
    } else {
      links.push(`📷 ${fitMrkdwn(alt, 200)}`);
    }
  });
  // Each link is under 2,300 characters (URL ≤ 2000, name ≤ 200), so a section holds at least one.
  let current = '';
  for (const link of links) {
    if (current && current.length + 1 + link.length > blockLimits.sectionText) {
      blocks.push({ block: { type: 'section', text: { type: 'mrkdwn', text: current } }, plain: '' });
      current = link;
    } else current = current ? `${current}\n${link}` : link;
  }
  if (current) blocks.push({ block: { type: 'section', text: { type: 'mrkdwn', text: current } }, plain: '' });
  return blocks;
}

/**
 * Renders a case card: a header (case number and title), the facts as section fields (10 per
 * section), the deadline as a context line, then the photos. Every piece of text is escaped
 * and fitted to its Block Kit limit.
 */
export function renderCard(card: CaseCard, publicUrl?: string): RenderedBlock[] {
  const title = `${card.caseNumber} · ${card.title}`.trim();
  const header: HeaderBlock = { type: 'header', text: { type: 'plain_text', text: truncate(title || card.caseNumber || '-', blockLimits.headerText) } };
  const blocks: RenderedBlock[] = [{ block: header, plain: title }, ...fieldSections(card.fields)];
  if (card.deadline?.trim()) {
    const context: ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: `⏰ ${fitMrkdwn(card.deadline.trim(), blockLimits.contextText - 2)}` }] };
    blocks.push({ block: context, plain: card.deadline });
  }
  return [...blocks, ...photoBlocks(card.photos, publicUrl)];
}
