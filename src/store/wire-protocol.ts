import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * PostgreSQL frontend/backend protocol framing for the embedded wire server: reading length-prefixed
 * messages with every length checked, and the few backend messages the server writes itself.
 */

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 196608;

/** A startup packet (length word included), as PostgreSQL bounds it (MAX_STARTUP_PACKET_LENGTH). */
export const STARTUP_MIN = 8;
export const STARTUP_MAX = 10_000;
/** PostgreSQL's own ceiling for one message (MaxAllocSize − 1 bytes), length word included. */
export const MESSAGE_MAX = 0x3fffffff;
/** Messages PostgreSQL also bounds to 10 000 bytes: only these may be large. */
const LARGE_TYPES = new Set(['B', 'F', 'P', 'Q', 'd']);
/** Every frontend message type of protocol 3.0 after authentication. */
const FRONTEND_TYPES = new Set(['B', 'C', 'D', 'E', 'F', 'H', 'P', 'Q', 'S', 'X', 'c', 'd', 'f']);

/** One frontend message: its type letter and its bytes (type byte and length word included). */
export interface Message {
  type: string;
  bytes: Buffer;
}

/** The reader's verdict on a length or type that no honest client sends; the connection must end. */
export const INVALID = Symbol('invalid');

/**
 * Accumulates bytes from a socket and hands out whole messages. Never loops without consuming bytes:
 * a length out of bounds is reported as INVALID before anything is buffered for it.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  push(data: Buffer): void {
    this.chunks.push(data);
    this.size += data.length;
  }

  /** The next startup-phase packet (no type byte), null if incomplete, or INVALID. */
  nextStartup(): Buffer | null | typeof INVALID {
    const header = this.peek(4);
    if (header === null) return null;
    const length = header.readInt32BE(0);
    if (length < STARTUP_MIN || length > STARTUP_MAX) return INVALID;
    return this.take(length);
  }

  /** The next typed message, null if incomplete, or INVALID. `max` bounds any message (the length word included). */
  nextMessage(max: number, allowed: ReadonlySet<string> = FRONTEND_TYPES): Message | null | typeof INVALID {
    const header = this.peek(5);
    if (header === null) return null;
    const type = String.fromCharCode(header[0] ?? 0);
    const length = header.readInt32BE(1);
    const limit = LARGE_TYPES.has(type) ? max : Math.min(max, STARTUP_MAX);
    if (!allowed.has(type) || length < 4 || length > limit) return INVALID;
    const bytes = this.take(1 + length);
    return bytes === null ? null : { type, bytes };
  }

  /** The first `n` bytes without consuming them, or null. */
  private peek(n: number): Buffer | null {
    if (this.size < n) return null;
    if ((this.chunks[0]?.length ?? 0) < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? null;
  }

  /** Consumes exactly `n` bytes if they are all here (copying only when a message spans chunks). */
  private take(n: number): Buffer | null {
    if (this.size < n) return null;
    const first = this.chunks[0];
    if (first === undefined) return null;
    if (first.length < n) this.chunks = [Buffer.concat(this.chunks)];
    const whole = this.chunks[0] ?? Buffer.alloc(0);
    const out = Buffer.from(whole.subarray(0, n));
    const rest = whole.subarray(n);
    if (rest.length === 0) this.chunks.shift();
    else this.chunks[0] = rest;
    this.size -= n;
    return out;
  }
}

/** Message types accepted while the server waits for the password. */
export const PASSWORD_PHASE_TYPES: ReadonlySet<string> = new Set(['p']);

/** Reads a NUL-terminated string starting at `offset`. */
export function cString(bytes: Buffer, offset: number): { value: string; next: number } {
  const end = bytes.indexOf(0, offset);
  const stop = end < 0 ? bytes.length : end;
  return { value: bytes.toString('utf8', offset, stop), next: stop + 1 };
}

/** The parameters of a protocol-3 startup packet (user, database, options, ...). */
export function startupParameters(packet: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  let offset = 8;
  while (offset < packet.length && packet[offset] !== 0) {
    const key = cString(packet, offset);
    const value = cString(packet, key.next);
    params.set(key.value, value.value);
    offset = value.next;
  }
  return params;
}

/** AuthenticationCleartextPassword: 'R', length 8, code 3. */
export function authenticationCleartextPassword(): Buffer {
  const b = Buffer.alloc(9);
  b.write('R', 0, 'latin1');
  b.writeInt32BE(8, 1);
  b.writeInt32BE(3, 5);
  return b;
}

/** Compares a PasswordMessage's password with the expected one in constant time. */
export function passwordMatches(message: Buffer, expected: string): boolean {
  const end = message.indexOf(0, 5);
  const given = message.subarray(5, end < 0 ? message.length : end);
  const digest = (value: Buffer | string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** An ErrorResponse as PostgreSQL writes it (severity, SQLSTATE, message). */
export function errorResponse(severity: 'ERROR' | 'FATAL', sqlstate: string, message: string): Buffer {
  const fields = Buffer.from(`S${severity}\0V${severity}\0C${sqlstate}\0M${message}\0\0`);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

/** A simple Query message. */
export function queryMessage(sql: string): Buffer {
  const body = Buffer.from(`${sql}\0`);
  const header = Buffer.alloc(5);
  header.write('Q', 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

export const SYNC_MESSAGE = Buffer.from([0x53, 0, 0, 0, 4]);
