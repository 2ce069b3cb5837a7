import { createHash, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../errors.ts';

/**
 * Who may call which route. `public`: health and metrics, no checks (probes reach the pod by IP).
 * `page`: the console page, Host checked. `api` (default): Host checked, and the console token
 * required when one is configured (always when HOST is not a loopback address).
 */
export type RouteAccess = 'public' | 'page' | 'api';

export interface AccessPolicy {
  /** Extra Host names the server answers to (ALLOWED_HOSTS), lower case, any port. */
  extraHosts: readonly string[];
  /** CONSOLE_TOKEN; undefined: the API is open to whoever passes the Host check (loopback only). */
  token: string | undefined;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Splits a Host header into its name (brackets kept for IPv6) and port. */
function splitHost(header: string): { name: string; port: string | undefined } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  return { name: m?.[1]?.replace(/\.$/, '') ?? '', port: m?.[2] };
}

/**
 * Whether the Host header names this server: a loopback name with the port the server listens on,
 * the configured bind address with that port, or an ALLOWED_HOSTS name. Anything else (a DNS
 * rebinding page, whose Host is the attacker's name) is refused.
 */
export function hostAllowed(header: string | undefined, server: { port: number; bindHost: string }, policy: AccessPolicy): boolean {
  if (!header) return false;
  const { name, port } = splitHost(header);
  const effectivePort = port ?? '80';
  if (policy.extraHosts.includes(name)) return true;
  if (effectivePort !== String(server.port)) return false;
  const bind = server.bindHost.toLowerCase();
  const bindName = bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(name) || (bindName !== '0.0.0.0' && bindName !== '[::]' && name === bindName);
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** `Authorization: Bearer <token>`, compared in constant time (both sides hashed to one length). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const given = m?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/** Throws the coded refusal for a request a route's access level does not admit. */
export function checkAccess(access: RouteAccess, headers: { host?: string | undefined; authorization?: string | undefined }, server: { port: number; bindHost: string }, policy: AccessPolicy): void {
  if (access === 'public') return;
  if (!hostAllowed(headers.host, server, policy)) throw new CodedError('http.host_not_allowed', 'this server does not answer to that Host; add it to ALLOWED_HOSTS');
  if (access === 'api' && policy.token !== undefined && !tokenMatches(headers.authorization, policy.token)) {
    throw new CodedError('http.unauthorized', 'send the console token as Authorization: Bearer <token>');
  }
}
