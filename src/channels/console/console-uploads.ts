import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../../errors.ts';
import { json, type Route } from '../../http/router.ts';

/** Largest photo the console accepts; the conversation applies the same limit to any platform's files. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Image types we accept, recognised by their first bytes (a client's content-type is not trusted). */
export function sniffImageType(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && bytes.toString('ascii', 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(bytes.toString('ascii', 8, 12))) return 'image/heic';
  return null;
}

/** Header values are bytes: the page percent-encodes the name so any script survives. */
function decodeFileName(header: string): string {
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

/**
 * `POST /api/console/uploads`: the raw photo as the body. Stored once by content hash under
 * DATA_DIR/uploads; the answer is the reference a message's `attachments` carries.
 */
export function consoleUploadRoutes(deps: { uploadDir: string }): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/console/uploads',
      bodyLimit: MAX_UPLOAD_BYTES,
      handler: async (req) => {
        const body = await req.body();
        if (body.length === 0) throw new CodedError('http.invalid_request', 'the upload is empty');
        const mimeType = sniffImageType(body);
        if (!mimeType) throw new CodedError('http.unsupported_media_type', 'only JPEG, PNG, WebP or HEIC photos can be uploaded');
        const sha256 = createHash('sha256').update(body).digest('hex');
        await fs.mkdir(deps.uploadDir, { recursive: true });
        const file = path.join(deps.uploadDir, sha256);
        const temp = `${file}.${process.pid}.tmp`;
        await fs.writeFile(temp, body);
        await fs.rename(temp, file);
        const fileName = typeof req.headers['x-file-name'] === 'string' ? decodeFileName(req.headers['x-file-name']).slice(0, 255) : undefined;
        return json(201, { ref: `upload:${sha256}`, mimeType, sizeBytes: body.length, ...(fileName ? { fileName } : {}) });
      },
    },
  ];
}
