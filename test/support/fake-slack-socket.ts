import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** An ack the client sent for an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * A fake Socket Mode endpoint: a real WebSocket server (RFC 6455 framing by hand on node:http's
 * `upgrade`, text frames only) that greets with `hello`, pushes envelopes and records acks.
 * Its URL is what the fake Web API's `apps.connections.open` hands out.
 */
export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  private client: Duplex | undefined;
  private waiters: Array<() => void> = [];

  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<FakeSlackSocket> {
    const server = http.createServer((_req, res) => res.writeHead(426).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeSlackSocket(server, `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`);
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => fake.accept(req, socket));
    return fake;
  }

  /** Pushes one envelope (`events_api`, `interactive`, ...) to the connected client. */
  send(envelope: Record<string, unknown>): void {
    if (!this.client) throw new Error('no client connected');
    this.client.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
  }

  /** Resolves when the client has acked this envelope. */
  async ackFor(envelopeId: string): Promise<SocketAck> {
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === envelopeId);
      if (ack) return ack;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    this.client?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(req: http.IncomingMessage, socket: Duplex): void {
    const key = String(req.headers['sec-websocket-key']);
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.client = socket;
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let parsed = readFrame(buffered); parsed; parsed = readFrame(buffered)) {
        buffered = buffered.subarray(parsed.length);
        this.onFrame(socket, parsed.opcode, parsed.payload);
      }
    });
    socket.on('error', () => undefined);
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP01' } }))));
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === 0x1) {
      this.acks.push(JSON.parse(payload.toString('utf8')) as SocketAck);
      for (const wake of this.waiters.splice(0)) wake();
    } else if (opcode === 0x9) socket.write(frame(0xa, payload));
    else if (opcode === 0x8) socket.end(frame(0x8, payload));
  }
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.alloc(length < 65_536 ? 4 : 10);
  if (length >= 126 && length < 65_536) {
    head.writeUInt8(0x80 | opcode, 0);
    head.writeUInt8(126, 1);
    head.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    head.writeUInt8(0x80 | opcode, 0);
    head.writeUInt8(127, 1);
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Reads one masked client frame (unfragmented), or null until enough bytes arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (data.length < 2) return null;
  const opcode = (data[0] ?? 0) & 0x0f;
  let length = (data[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = ((data[1] ?? 0) & 0x80) !== 0;
  const mask = masked ? data.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (data.length < offset + length) return null;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (mask) for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { opcode, payload, length: offset + length };
}
