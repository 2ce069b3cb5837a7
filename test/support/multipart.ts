/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Parses multipart/form-data as the platforms' servers do, tolerant of what clients send: grammY
 * writes `content-disposition:form-data;name="x";filename=a.png` (no spaces, filename unquoted),
 * fetch's FormData the usual quoted form. Node's own `Response.formData()` refuses grammY's.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): FormPart[] | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !marker) return null;
  const delimiter = Buffer.from(`--${marker}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const after = start + delimiter.length;
    if (body.subarray(after, after + 2).toString('latin1') === '--') break;
    const next = body.indexOf(delimiter, after);
    if (next === -1) return null;
    // Each part: CRLF after the delimiter, headers, a blank line, the data, CRLF before the next delimiter.
    const chunk = body.subarray(after + 2, next - 2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split === -1) return null;
    const headers = chunk.subarray(0, split).toString('utf8').split('\r\n');
    const data = chunk.subarray(split + 4);
    let name: string | undefined;
    let fileName: string | undefined;
    let partType: string | undefined;
    for (const line of headers) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-type') partType = value;
      if (key !== 'content-disposition') continue;
      name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? /(?:^|;)\s*name=([^;]*)/i.exec(value)?.[1];
      fileName = /filename="([^"]*)"/i.exec(value)?.[1] ?? /filename=([^;]*)/i.exec(value)?.[1];
    }
    if (name === undefined) return null;
    parts.push({ name, data: Buffer.from(data), ...(fileName !== undefined ? { fileName } : {}), ...(partType ? { contentType: partType } : {}) });
    start = next;
  }
  return parts;
}
