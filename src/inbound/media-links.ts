import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { imageTypeOf } from '../domain/intake/image-check.ts';
import { CodedError } from '../errors.ts';
import type { Route } from '../http/router.ts';

const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;
const SHA = /^[0-9a-f]{64}$/;
/** How long a photo link on a card stays valid. */
const LINK_TTL_MS = 30 * 24 * 3_600_000;

/**
 * Links to merchants' photos for staff cards: `/media/<sha256>?exp=…&sig=…`, signed with a key of
 * this deployment, so a photo is served only to whoever was handed a card (a staff channel, the
 * console desk, a platform fetching a card's image), never by guessing.
 */
export function createMediaLinks(deps: { secret: string; uploadDir: string; now?: () => number }) {
  const key = createHash('sha256').update(`media-links:${deps.secret}`).digest();
  const now = deps.now ?? Date.now;
  const sign = (sha: string, exp: number) => createHmac('sha256', key).update(`${sha}.${exp}`).digest('base64url');

  function url(ref: string): string | undefined {
    const sha = UPLOAD_REF.exec(ref)?.[1];
    if (!sha) return undefined;
    // Rounded to the day: a card rendered twice the same day carries the same link.
    const exp = Math.ceil((now() + LINK_TTL_MS) / 86_400_000) * 86_400_000;
    return `/media/${sha}?exp=${exp}&sig=${sign(sha, exp)}`;
  }

  function valid(sha: string, expRaw: string | null, sig: string | null): boolean {
    if (!SHA.test(sha) || !expRaw || !/^\d{1,15}$/.test(expRaw) || !sig) return false;
    const exp = Number(expRaw);
    if (exp < now()) return false;
    const expected = Buffer.from(sign(sha, exp));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/media/:sha',
      // Platforms fetch card images from the public host; the signature is the access check.
      access: 'public',
      handler: async (req) => {
        const sha = req.params.sha ?? '';
        if (!valid(sha, req.query.get('exp'), req.query.get('sig'))) throw new CodedError('http.not_found', 'no such photo');
        const bytes = await fs.readFile(path.join(deps.uploadDir, sha)).catch(() => null);
        const type = bytes ? imageTypeOf(bytes) : null;
        if (!bytes || !type) throw new CodedError('http.not_found', 'no such photo');
        return { status: 200, headers: { 'content-type': type, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' }, body: bytes };
      },
    },
  ];
  return { url, routes };
}
