import net from 'node:net';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/health-routes.ts';
import { createAppMetrics } from '../../src/http/metrics.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';

/** A port nothing listens on: a real refused connection, with host and port in its message. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('/readyz when a dependency fails', () => {
  let http: HttpServer;
  let url: string;
  let port: number;
  const logged: string[] = [];
  beforeAll(async () => {
    port = await closedPort();
    const out = new PassThrough();
    out.on('data', (d: Buffer) => logged.push(d.toString('utf8')));
    const database = async () => {
      const client = new pg.Client({ connectionString: `postgres://postgres:secret@127.0.0.1:${port}/intake`, connectionTimeoutMillis: 2_000 });
      await client.connect();
    };
    http = createHttpServer({
      log: createLogger('info', out),
      metrics: createAppMetrics(),
      access: { extraHosts: [], token: undefined },
      timeouts: { requestMs: 30_000, headersMs: 15_000 },
      routes: healthRoutes({
        metrics: createAppMetrics(),
        log: createLogger('info', out),
        details: () => ({}),
        checks: [
          { name: 'database', check: database },
          { name: 'queue', check: async () => Promise.reject(new Error('WRONGPASS invalid username-password pair for redis://10.1.2.3:6379')) },
        ],
      }),
    });
    url = (await http.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await http?.close();
  });

  it('answers 503 with "failing" and a coarse reason only; the detail goes to the log', async () => {
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'not_ready', checks: { database: 'failing', queue: 'failing' }, reasons: { database: 'unreachable', queue: 'error' } });
    expect(text).not.toContain(String(port));
    expect(text).not.toContain('10.1.2.3');
    const lines = logged.join('');
    expect(lines).toContain('readiness check failed');
    expect(lines).toContain(String(port));
  });
});
