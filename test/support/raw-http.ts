import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function dechunk(body: string): string {
  let out = '';
  for (let rest = body; ; ) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** Parses the first HTTP/1.1 response in `text` (bodies are short ASCII JSON in these tests). */
export function parseRawResponse(text: string): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const body = rest.join('\r\n\r\n');
  return { status: Number(statusLine.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? dechunk(body) : body };
}

/**
 * Sends bytes exactly as given (fetch would normalize a malformed path or Host header) and reads
 * until the server closes the connection. `chunks` are written in order, `pauseMs` apart.
 */
export function rawRequest(baseUrl: string, chunks: Array<string | Buffer>, pauseMs = 0): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', reject);
    // A server that never answers (the bug this guards against) fails the test instead of hanging it.
    socket.setTimeout(20_000, () => socket.destroy());
    socket.on('close', () => resolve(parseRawResponse(Buffer.concat(received).toString('utf8'))));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
}

/** A GET with a raw (unnormalized) path; `connection: close` so the answer ends the read. */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const host = new URL(baseUrl).host;
  const lines = Object.entries({ host, connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return rawRequest(baseUrl, [`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`]);
}
