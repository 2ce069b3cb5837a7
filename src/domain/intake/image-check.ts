import { crc32 } from 'node:zlib';

/**
 * Recognises a whole photo by its structure, not by its first bytes: a PNG signature or `FF D8 FF`
 * followed by anything else is not an image. Pure, no native decoder: each format's container is
 * walked with bounds checks (PNG chunks, JPEG segments, the RIFF header of WebP, ISO-BMFF boxes of HEIC).
 */
export function imageTypeOf(bytes: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | null {
  if (isPng(bytes)) return 'image/png';
  if (isJpeg(bytes)) return 'image/jpeg';
  if (isWebp(bytes)) return 'image/webp';
  if (isHeic(bytes)) return 'image/heic';
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Signature, an IHDR first with a good CRC and non-zero dimensions, at least one IDAT, and IEND. */
function isPng(b: Buffer): boolean {
  if (b.length < 8 + 25 + 12 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let offset = 8;
  let sawData = false;
  while (offset + 12 <= b.length) {
    const length = b.readUInt32BE(offset);
    const type = b.toString('latin1', offset + 4, offset + 8);
    if (length > 0x7fffffff || offset + 12 + length > b.length) return false;
    if (offset === 8) {
      if (type !== 'IHDR' || length !== 13) return false;
      if (crc32(b.subarray(offset + 4, offset + 8 + length)) !== b.readUInt32BE(offset + 8 + length)) return false;
      if (b.readUInt32BE(offset + 8) === 0 || b.readUInt32BE(offset + 12) === 0) return false;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData;
    offset += 12 + length;
  }
  return false;
}

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/** SOI, well-formed segments including a start-of-frame with dimensions, scan data, then EOI. */
function isJpeg(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return false;
  let offset = 2;
  let sawFrame = false;
  while (offset < b.length) {
    if (b[offset] !== 0xff) return false;
    while (offset < b.length && b[offset] === 0xff) offset++; // fill bytes
    const marker = b[offset];
    if (marker === undefined) return false;
    offset++;
    if (marker === 0xd9) return sawFrame; // EOI
    if (isStandalone(marker)) continue;
    if (marker === 0xd8 || offset + 2 > b.length) return false;
    const length = b.readUInt16BE(offset);
    if (length < 2 || offset + length > b.length) return false;
    if (isStartOfFrame(marker)) {
      if (length < 8 || b.readUInt16BE(offset + 3) === 0 || b.readUInt16BE(offset + 5) === 0) return false;
      sawFrame = true;
    }
    offset += length;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither a stuffed 00 nor a restart marker.
      while (offset + 1 < b.length) {
        const next = b[offset + 1] ?? 0;
        if (b[offset] === 0xff && next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        offset++;
      }
      if (offset + 1 >= b.length) return false;
    }
  }
  return false;
}

/** RIFF size equal to the file's, WEBP, and a first chunk VP8 / VP8L / VP8X that fits and looks like one. */
function isWebp(b: Buffer): boolean {
  if (b.length < 20 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return false;
  if (b.readUInt32LE(4) + 8 !== b.length) return false;
  const chunk = b.toString('latin1', 12, 16);
  const size = b.readUInt32LE(16);
  if (20 + size > b.length) return false;
  if (chunk === 'VP8 ') return size >= 10 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a && (b.readUInt16LE(26) & 0x3fff) > 0 && (b.readUInt16LE(28) & 0x3fff) > 0;
  if (chunk === 'VP8L') return size >= 5 && b[20] === 0x2f;
  if (chunk === 'VP8X') return size >= 10;
  return false;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** ISO-BMFF: an ftyp box first naming a HEIF brand, top-level boxes that tile the file, and a meta box. */
function isHeic(b: Buffer): boolean {
  let offset = 0;
  let sawMeta = false;
  while (offset < b.length) {
    if (offset + 8 > b.length) return false;
    let size = b.readUInt32BE(offset);
    const type = b.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > b.length) return false;
      size = Number(b.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = b.length - offset;
    }
    if (size < header || offset + size > b.length) return false;
    if (offset === 0) {
      if (type !== 'ftyp' || size < 16) return false;
      const brands = [b.toString('latin1', 8, 12)];
      for (let i = 16; i + 4 <= size; i += 4) brands.push(b.toString('latin1', i, i + 4));
      if (!brands.some((brand) => HEIF_BRANDS.has(brand))) return false;
    }
    if (type === 'meta') sawMeta = true;
    offset += size;
  }
  return sawMeta;
}
