import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageTypeOf } from '../../src/domain/intake/image-check.ts';
import { heic, jpeg, png, webp } from '../support/images.ts';

describe('imageTypeOf', () => {
  it('recognises whole images of each accepted type', () => {
    expect(imageTypeOf(png())).toBe('image/png');
    expect(imageTypeOf(jpeg())).toBe('image/jpeg');
    expect(imageTypeOf(webp())).toBe('image/webp');
    expect(imageTypeOf(heic())).toBe('image/heic');
  });

  it('refuses a signature followed by anything else, and truncated images', () => {
    const pngSignature = png().subarray(0, 8);
    expect(imageTypeOf(pngSignature)).toBeNull();
    expect(imageTypeOf(Buffer.concat([pngSignature, Buffer.alloc(2048, 7)]))).toBeNull();
    expect(imageTypeOf(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(4096)]))).toBeNull();
    for (const image of [png(), jpeg(), webp(), heic()]) expect(imageTypeOf(image.subarray(0, image.length - 3))).toBeNull();
    const badCrc = png();
    badCrc[20] = (badCrc[20] ?? 0) ^ 0xff; // inside IHDR: its CRC no longer matches
    expect(imageTypeOf(badCrc)).toBeNull();
    const webpWrongSize = webp();
    webpWrongSize.writeUInt32LE(9999, 4);
    expect(imageTypeOf(webpWrongSize)).toBeNull();
    const heicNoMeta = heic().subarray(0, 24); // ftyp only
    expect(imageTypeOf(heicNoMeta)).toBeNull();
  });

  it('never throws on arbitrary bytes, even behind a real signature', () => {
    const prefixes = [Buffer.alloc(0), png().subarray(0, 8), Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'), heic().subarray(0, 24)];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (prefix, tail) => {
        expect(() => imageTypeOf(Buffer.concat([prefix, Buffer.from(tail)]))).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
