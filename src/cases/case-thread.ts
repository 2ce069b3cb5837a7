import type { AttachmentRef, CaseMessageInput, CaseMessageResult } from '../contracts/cases.ts';
import type { Lang } from '../contracts/lang.ts';
import type { CaseCardRow, CaseOutboxDraft } from '../store/case-outbox-store.ts';
import { recordMerchantCaseMessage } from '../store/case-message-store.ts';
import type { OutboundPayload } from '../store/outbox-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { cardAudience } from './staff-steps.ts';

const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;

/** What staff read in a case's thread, in the desk's language. */
const TEXT = {
  said: { zh: (n: string, text: string) => `💬 商家（${n}）：${text}`, en: (n: string, text: string) => `💬 Merchant (${n}): ${text}` },
  photo: { zh: (n: string, name: string) => `📷 商家的照片（${n}）：${name}`, en: (n: string, name: string) => `📷 Photo from the merchant (${n}): ${name}` },
} as const;

const k = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');

/** A photo the thread can carry: a stored upload (its hash names the bytes delivery reads). */
export interface ThreadPhoto {
  ref: string;
  mimeType: string;
  sizeBytes: number;
  fileName?: string | null;
}

/**
 * One thread post per stored photo, under the case's card on every desk that shows the card
 * (staff, or managers for a complaint). The row names the upload by its hash; delivery reads the
 * bytes and uploads them (Slack files, Telegram sendPhoto); the console shows the signed link.
 * Photos that are not stored uploads (an old platform file id) are left to the card.
 */
export function photoPosts(deps: Pick<CaseServiceDeps, 'photoUrl'>, row: Pick<CaseCardRow, 'id' | 'number' | 'type'>, photos: readonly ThreadPhoto[], caption?: string): CaseOutboxDraft[] {
  return threadPhotoPosts(deps, { threadOf: row.id, to: cardAudience(row.type), label: (lang, fileName) => TEXT.photo[k(lang)](row.number, fileName) }, photos, caption);
}

/** Where photo posts go: the card they thread under, its desks, and the line each photo is labelled with. */
export interface PhotoThread {
  threadOf: string;
  to: 'merchant' | 'staff' | 'manager';
  label: (lang: Lang, fileName: string) => string;
}

/** One post per stored photo under any card (a case's, or a chat's handoff card); the first carries `caption`. */
export function threadPhotoPosts(deps: Pick<CaseServiceDeps, 'photoUrl'>, thread: PhotoThread, photos: readonly ThreadPhoto[], caption?: string): CaseOutboxDraft[] {
  const drafts: CaseOutboxDraft[] = [];
  photos.forEach((photo, index) => {
    const sha256 = UPLOAD_REF.exec(photo.ref)?.[1];
    if (!sha256) return;
    const fileName = photo.fileName?.trim() || `photo-${index + 1}.${extensionOf(photo.mimeType)}`;
    const url = deps.photoUrl?.(photo.ref);
    const payload: OutboundPayload = {
      threadOf: thread.threadOf,
      photo: { sha256, mimeType: photo.mimeType, sizeBytes: photo.sizeBytes, fileName, ...(url ? { url } : {}) },
    };
    const extra = index === 0 && caption ? caption : '';
    drafts.push({ to: thread.to, render: (lang) => ({ text: thread.label(lang, fileName) + (extra ? `\n${extra}` : ''), payload }) });
  });
  return drafts;
}

function extensionOf(mimeType: string): string {
  return { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic' }[mimeType] ?? 'bin';
}

/**
 * A merchant's message about their open case, outside any flow: recorded on the case (an event,
 * photos as attachments) and posted to the case's thread on every desk that shows its card, in
 * one transaction with the post. Text alone is one post; photos are one post each, the first
 * carrying the text as its caption.
 */
export async function postMerchantMessage(deps: CaseServiceDeps, input: CaseMessageInput): Promise<CaseMessageResult> {
  const text = input.text.trim();
  const recorded = await recordMerchantCaseMessage(deps.prisma, {
    merchantId: input.merchantId,
    number: input.number,
    at: input.at,
    text,
    attachments: input.attachments,
    outbox: (row) => {
      const photos = photoPosts(deps, row, input.attachments.map(toThreadPhoto), text);
      if (photos.length > 0) return photos;
      return [{ to: cardAudience(row.type), render: (lang) => ({ text: TEXT.said[k(lang)](row.number, text), payload: { threadOf: row.id } }) }];
    },
  });
  if (recorded.kind === 'not_found') return { ok: false, code: 'case.not_found' };
  if (recorded.kind === 'closed') return { ok: false, code: 'case.closed' };
  deps.onOutbox?.(recorded.touched);
  return { ok: true, summary: recorded.summary };
}

/** A case attachment as a thread photo. */
export function toThreadPhoto(a: AttachmentRef): ThreadPhoto {
  return { ref: a.ref, mimeType: a.mimeType, sizeBytes: a.sizeBytes, ...(a.fileName ? { fileName: a.fileName } : {}) };
}
