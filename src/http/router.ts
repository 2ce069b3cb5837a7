import type { IncomingMessage, ServerResponse } from 'node:http';
import { CodedError } from '../errors.ts';
import type { RouteAccess } from './access.ts';

/** A request as handlers see it. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** Reads the body up to the route's limit; 413 past it. */
  body(): Promise<Buffer>;
  raw: IncomingMessage;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type RouteHandler = (req: HttpRequest) => Promise<HttpResponse>;

export interface Route {
  method: 'GET' | 'POST';
  /** Path with `:name` segments, e.g. `/api/console/chats/:chatId/messages`. */
  path: string;
  handler: RouteHandler;
  /** Largest accepted body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Label for metrics; defaults to the path pattern. */
  name?: string;
  /** Who may call it (see access.ts); default `api`: Host checked, console token when configured. */
  access?: RouteAccess;
}

/** Decodes one `%`-encoded path segment; malformed encoding (`%`, `%ZZ`, `%C0%AF`) is a 400, never a throw. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw new CodedError('http.invalid_path', 'the path is not valid percent-encoded UTF-8', undefined, { cause: error });
  }
}

/** A compiled route table: matches method and path, extracts `:params`. */
export function compileRoutes(routes: Route[]) {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, names, regex: new RegExp(`^${pattern}$`) };
  });
  return function match(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
    const allowed: string[] = [];
    for (const { route, names, regex } of compiled) {
      const m = regex.exec(path);
      if (!m) continue;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodePathSegment(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return allowed.length > 0 ? { allowed } : null;
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Reads a request body, refusing (413) once it passes `limit` bytes without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new CodedError('http.body_too_large', `the request body is larger than the ${formatBytes(limit)} limit`);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    // The server's requestTimeout (or the client) closed the connection before the body was complete.
    req.on('close', () => {
      if (!req.complete) reject(new CodedError('http.request_timeout', 'the request body did not arrive in time'));
    });
  });
}

/** JSON response helper. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function send(res: ServerResponse, response: HttpResponse): void {
  res.writeHead(response.status, { 'cache-control': 'no-store', ...response.headers });
  res.end(response.body);
}
