import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite instance to many Postgres clients over the wire protocol.
 *
 * Notifications: all clients share the session, so a NOTIFY's NotificationResponse comes back in the
 * output of whichever client's statement caused it. This server relays it to every other client that
 * issued LISTEN on that channel, which lets BullMQ's idle workers wake at once instead of polling.
 *
 * PGlite has a single backend session. pglite-socket's server forwards each protocol message on
 * its own, so the extended-query messages of two clients interleave (Parse of one, Bind of the
 * other) and fail with "unnamed prepared statement does not exist" under load. This server
 * forwards whole units instead: a simple Query, or everything up to a Sync, runs as one exclusive
 * call; and while a client holds an open transaction (or a Flush left its sequence unfinished),
 * only that client's units run.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

interface Unit {
  client: Client;
  bytes: Uint8Array;
  /** The unit leaves an extended-protocol sequence open (ended with Flush, not Sync). */
  open: boolean;
}

interface Client {
  id: number;
  socket: net.Socket;
  buffer: Buffer;
  started: boolean;
  pending: Buffer[];
  closed: boolean;
  /** Channels this client LISTENs on (the session listens for all of them). */
  listening: Set<string>;
}

const LISTEN_STATEMENT = /^\s*(UNLISTEN|LISTEN)\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*|\*)\s*;?\s*$/i;

/** The channel a LISTEN/UNLISTEN names, as PostgreSQL stores it (unquoted names fold to lower case). */
function channelName(raw: string): string {
  return raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
}

/** Reads a NUL-terminated string starting at `offset`. */
function cString(bytes: Buffer, offset: number): { value: string; next: number } {
  const end = bytes.indexOf(0, offset);
  const stop = end < 0 ? bytes.length : end;
  return { value: bytes.toString('utf8', offset, stop), next: stop + 1 };
}

export class PGliteWireServer {
  private readonly server: net.Server;
  private readonly queue: Unit[] = [];
  private owner: Client | null = null;
  private running = false;
  private nextId = 1;
  private readonly clients = new Set<Client>();

  constructor(private readonly db: PGlite) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Listens on a loopback port (0: any free port); resolves with the port. */
  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('wire server has no TCP address');
    return address.port;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.drained();
  }

  private async drained(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const client: Client = { id: this.nextId++, socket, buffer: Buffer.alloc(0), started: false, pending: [], closed: false, listening: new Set() };
    this.clients.add(client);
    socket.on('data', (data) => this.receive(client, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.disconnect(client));
  }

  private receive(client: Client, data: Buffer): void {
    client.buffer = client.buffer.length === 0 ? data : Buffer.concat([client.buffer, data]);
    for (;;) {
      if (!client.started) {
        if (client.buffer.length < 8) return;
        const length = client.buffer.readInt32BE(0);
        if (client.buffer.length < length) return;
        const code = client.buffer.readInt32BE(4);
        const message = client.buffer.subarray(0, length);
        client.buffer = client.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          client.socket.end();
          return;
        }
        if (code !== PROTOCOL_3) {
          client.socket.destroy();
          return;
        }
        client.started = true;
        this.enqueue({ client, bytes: new Uint8Array(message), open: false });
        continue;
      }
      if (client.buffer.length < 5) return;
      const length = 1 + client.buffer.readInt32BE(1);
      if (client.buffer.length < length) return;
      const type = String.fromCharCode(client.buffer[0] ?? 0);
      const message = client.buffer.subarray(0, length);
      client.buffer = client.buffer.subarray(length);
      if (type === 'X') {
        client.socket.end();
        return;
      }
      if (type === 'Q') this.trackListen(client, cString(message, 5).value);
      if (type === 'P') this.trackListen(client, cString(message, cString(message, 5).next).value);
      client.pending.push(Buffer.from(message));
      // A unit ends where the client waits for an answer: Sync, a simple Query, or a Flush.
      if (type === 'S' || type === 'Q' || type === 'H') {
        const bytes = new Uint8Array(Buffer.concat(client.pending));
        client.pending = [];
        this.enqueue({ client, bytes, open: type === 'H' });
      }
    }
  }

  private trackListen(client: Client, sql: string): void {
    // BullMQ's LISTEN comes with comment lines above it.
    const match = LISTEN_STATEMENT.exec(sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, ''));
    if (!match?.[1] || !match[2]) return;
    if (match[1].toUpperCase() === 'LISTEN') client.listening.add(channelName(match[2]));
    else if (match[2] === '*') client.listening.clear();
    else client.listening.delete(channelName(match[2]));
  }

  /** Splits a unit's output into protocol messages and relays NotificationResponses to the other listeners. */
  private notificationRelay(source: Client): (chunk: Uint8Array) => void {
    let pending = Buffer.alloc(0);
    return (chunk) => {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      while (pending.length >= 5) {
        const length = 1 + pending.readInt32BE(1);
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (message[0] !== 0x41 /* 'A' NotificationResponse */) continue;
        const channel = cString(message, 9).value;
        for (const other of this.clients) {
          if (other !== source && !other.closed && other.listening.has(channel) && other.socket.writable) other.socket.write(Buffer.from(message));
        }
      }
    };
  }

  private enqueue(unit: Unit): void {
    this.queue.push(unit);
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((u) => u.client === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) return;
        const [unit] = this.queue.splice(index, 1);
        if (!unit || unit.client.closed) continue;
        await this.execute(unit);
      }
    } finally {
      this.running = false;
    }
  }

  private async execute(unit: Unit): Promise<void> {
    const { client } = unit;
    const relay = this.notificationRelay(client);
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(unit.bytes, {
          onRawData: (chunk) => {
            if (!client.closed && client.socket.writable) client.socket.write(Buffer.from(chunk));
            relay(chunk);
          },
        }),
      );
    } catch {
      client.socket.destroy();
    }
    this.owner = unit.open || this.db.isInTransaction() ? client : null;
  }

  private async disconnect(client: Client): Promise<void> {
    if (client.closed) return;
    client.closed = true;
    this.clients.delete(client);
    if (this.owner !== client) return;
    // A client that vanished mid-transaction must not keep the whole database locked.
    await this.drained();
    if (this.owner === client) {
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
      this.owner = null;
      void this.run();
    }
  }
}
