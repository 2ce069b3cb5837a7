import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodedError, httpStatusOf } from '../errors.ts';
import { asAnswerableError } from '../dependency-errors.ts';
import type { Logger } from '../log.ts';
import type { AppMetrics } from './metrics.ts';
import { checkAccess, type AccessPolicy } from './access.ts';
import { compileRoutes, json, readBody, send, type HttpResponse, type Route } from './router.ts';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The request target as a URL; one that is not a valid path (`//`, `http://[::1/`) is a 400. */
function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch (error) {
    throw new CodedError('http.invalid_path', 'the request target is not a valid path', undefined, { cause: error });
  }
}

/**
 * How long a client may take: the whole request (headers and body) and the headers alone. Past
 * either, Node answers 408 and closes the connection (checked every second, not Node's default 30 s).
 */
export interface HttpTimeouts {
  requestMs: number;
  headersMs: number;
}

/** The one HTTP server: console, webhooks, health and metrics. */
export function createHttpServer(deps: { routes: Route[]; log: Logger; metrics: AppMetrics; access: AccessPolicy; timeouts: HttpTimeouts }) {
  const match = compileRoutes(deps.routes);
  let accepting = true;
  const bound = { port: 0, bindHost: '127.0.0.1' };

  const errorResponse = (error: unknown, routeName: string): HttpResponse => {
    const coded = asAnswerableError(error);
    const status = httpStatusOf(coded.code);
    if (status >= 500) deps.log.error({ err: coded, route: routeName }, 'request failed');
    const headers: Record<string, string> = coded.code === 'http.unauthorized' ? { 'www-authenticate': 'Bearer' } : {};
    return json(status, { error: coded.code, message: status >= 500 && status !== 503 ? 'internal error' : coded.message }, headers);
  };

  /** Everything a request does; any throw or rejection becomes a coded JSON answer. */
  const handle = async (req: http.IncomingMessage, setRoute: (name: string) => void): Promise<HttpResponse> => {
    if (!accepting) return json(503, { error: 'server.shutting_down', message: 'the server is shutting down' }, { connection: 'close' });
    const url = parseTarget(req.url);
    const found = match(req.method ?? 'GET', url.pathname);
    if (!found) return json(404, { error: 'http.not_found', message: `no route for ${url.pathname}` });
    if (!('route' in found)) return json(405, { error: 'http.method_not_allowed', message: `use ${found.allowed.join(' or ')}` }, { allow: found.allowed.join(', ') });
    const { route, params } = found;
    setRoute(route.name ?? route.path);
    checkAccess(route.access ?? 'api', { host: req.headers.host, authorization: req.headers.authorization }, bound, deps.access);
    return route.handler({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      params,
      headers: req.headers,
      body: () => readBody(req, route.bodyLimit ?? DEFAULT_BODY_LIMIT),
      raw: req,
    });
  };

  // The listener never throws past the server: a sync throw (a bad URL, a malformed %-escape) and a
  // rejected handler both end as a JSON error, and a failure to answer is logged, never fatal.
  const serverOptions = { requestTimeout: deps.timeouts.requestMs, headersTimeout: deps.timeouts.headersMs, connectionsCheckingInterval: 1_000 };
  const server = http.createServer(serverOptions, (req, res) => {
    const started = process.hrtime.bigint();
    let routeName = 'unmatched';
    const finish = (response: HttpResponse) => {
      try {
        if (!res.headersSent && !res.destroyed) send(res, response);
        deps.metrics.httpRequests.inc({ route: routeName, status: String(response.status) });
        deps.metrics.httpDuration.observe({ route: routeName }, Number(process.hrtime.bigint() - started) / 1e9);
      } catch (error) {
        deps.log.error({ err: error, route: routeName }, 'could not answer a request');
        res.destroy();
      }
    };
    const setRoute = (name: string) => {
      routeName = name;
    };
    let pending: Promise<HttpResponse>;
    try {
      pending = handle(req, setRoute);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(finish, (error: unknown) => finish(errorResponse(error, routeName))).catch((error: unknown) => deps.log.error({ err: error }, 'request listener failed'));
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    async listen(port: number, host: string): Promise<{ host: string; port: number; url: string }> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      Object.assign(bound, { port: address.port, bindHost: host });
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return { host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` };
    },
    /** Stops accepting: new requests get 503 until close() finishes the ones in flight. */
    stopAccepting() {
      accepting = false;
    },
    async close(): Promise<void> {
      accepting = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

export type HttpServer = ReturnType<typeof createHttpServer>;
