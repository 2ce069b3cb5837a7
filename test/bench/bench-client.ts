import http from 'node:http';

/** An HTTP answer with its JSON body. */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The end-to-end benches' HTTP client: JSON POSTs over one keep-alive agent with at most `sockets`
 * connections (requests past it wait in the agent, and that wait counts in their latency). The
 * process's descriptor limit holds both ends of every connection, which is why it is bounded.
 * A request whose connection was reset before any answer is sent again, up to twice, and counted in
 * `retries`: on a reused connection that is Node's documented keep-alive race (the server closed it as the
 * request went out); on a new one, the server's accept queue overflowing (511 by default) when a thousand
 * chats connect at once on a loaded machine: the kernel resets connections the server never accepted, so
 * the request was never read. The bot's resends carry the same clientMessageId and are deduplicated anyway.
 */
export function createBenchClient(sockets: number): { post(url: string, body: unknown): Promise<JsonAnswer>; retries(): number; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  let retries = 0;
  const once = (url: URL, payload: string) =>
    new Promise<JsonAnswer & { reused: boolean }>((resolve, reject) => {
      const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } });
      req.on('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { reused: req.reusedSocket })));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            body = { unparsed: text.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, body, reused: req.reusedSocket });
        });
      });
      req.end(payload);
    });
  return {
    async post(url, body) {
      const target = new URL(url);
      const payload = JSON.stringify(body);
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(target, payload);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (attempt >= 3 || !(code === 'ECONNRESET' || code === 'EPIPE')) throw error;
          retries += 1;
        }
      }
    },
    retries: () => retries,
    close: () => agent.destroy(),
  };
}
