import { checkPhotos, MAX_PHOTOS } from '../domain/intake/index.ts';
import type { AttachmentRef } from '../contracts/cases.ts';
import type { Draft } from './conversation-state.ts';
import { applyChange, promptCurrent, slotButtons } from './draft-steps.ts';
import type { Turn } from './turn.ts';
import { say } from './turn.ts';

const MB = 1024 * 1024;

/**
 * Keeps the acceptable photos of a message in the draft and refuses the rest by name; the draft always continues.
 * With `ask: false` the next question is left to the caller (the words sent with the photos are read next).
 */
export function receivePhotos(turn: Turn, draft: Draft, attachments: readonly AttachmentRef[], options: { ask?: boolean } = {}): void {
  const ask = options.ask ?? true;
  const { kept, refused } = checkPhotos(attachments, draft.fields.photos.length);
  refused.forEach(({ item, problem }, index) => {
    const name = item.fileName?.trim() || `#${index + 1}`;
    say(turn, turn.m.photoRefused(name, problem, (item.sizeBytes / MB).toFixed(1)));
  });
  const waitingForPhotos = draft.awaiting === 'photos';
  // Photos that arrive answer the photo question: the draft moves on (a merchant should not have to say "done"),
  // and any photo sent later still joins the draft.
  if (kept.length > 0) applyChange(turn, draft, { photos: [...draft.fields.photos, ...kept], photosDone: true });
  const received = kept.length > 0 ? turn.m.photosReceived(kept.length, draft.fields.photos.length, MAX_PHOTOS) : '';
  if (waitingForPhotos && kept.length === 0 && ask) {
    say(turn, draft.fields.photos.length > 0 ? turn.m.photosMore : turn.m.photosWaiting, slotButtons(turn, draft));
    return;
  }
  if (received) say(turn, received + (draft.fields.photos.length < MAX_PHOTOS ? (turn.lang === 'en' ? ' ' : '') + turn.m.photosLater : ''));
  if (ask) promptCurrent(turn, draft);
}
