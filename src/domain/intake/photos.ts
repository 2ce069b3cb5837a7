/** Photo types a merchant may attach (what phones produce; HEIC is the iPhone default). */
export const ACCEPTED_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;
/** Largest photo accepted, in bytes. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Most photos one report keeps. */
export const MAX_PHOTOS = 9;

/** What the check needs to know of an attachment. */
export interface PhotoFacts {
  mimeType: string;
  sizeBytes: number;
}

/** Why a photo was refused. */
export type PhotoProblem = 'type' | 'size' | 'count';

/** Splits new attachments into the ones kept and the ones refused, given how many the draft already holds. */
export function checkPhotos<T extends PhotoFacts>(incoming: readonly T[], alreadyKept: number): { kept: T[]; refused: Array<{ item: T; problem: PhotoProblem }> } {
  const kept: T[] = [];
  const refused: Array<{ item: T; problem: PhotoProblem }> = [];
  for (const item of incoming) {
    const type = item.mimeType.trim().toLowerCase();
    if (!(ACCEPTED_PHOTO_TYPES as readonly string[]).includes(type)) refused.push({ item, problem: 'type' });
    else if (!(item.sizeBytes <= MAX_PHOTO_BYTES)) refused.push({ item, problem: 'size' });
    else if (alreadyKept + kept.length >= MAX_PHOTOS) refused.push({ item, problem: 'count' });
    else kept.push(item);
  }
  return { kept, refused };
}
