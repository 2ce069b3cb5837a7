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
 * A request on a reused connection that the server closed as it was sent (ECONNRESET on a reused
 * socket, Node's documented keep-alive race) is sent again once, and counted in `retries`.
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
      try {
        return await once(target, payload);
      } catch (error) {
        const e = error as NodeJS.ErrnoException & { reused?: boolean };
        if (!(e.reused && (e.code === 'ECONNRESET' || e.code === 'EPIPE'))) throw error;
        retries += 1;
        return once(target, payload);
      }
    },
    retries: () => retries,
    close: () => agent.destroy(),
  };
}
