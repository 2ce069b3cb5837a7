import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import {
  authenticationCleartextPassword, CANCEL_REQUEST, cString, errorResponse, FrameReader, GSSENC_REQUEST, INVALID, MESSAGE_MAX,
  PASSWORD_PHASE_TYPES, passwordMatches, PROTOCOL_3, queryMessage, SSL_REQUEST, STARTUP_MAX, startupParameters,
  SYNC_MESSAGE, type Message,
} from './wire-protocol.ts';
import { notificationScanner, trackListen } from './wire-notifications.ts';

/**
 * Serves one PGlite instance to many Postgres clients over the wire protocol.
 *
 * PGlite has a single backend session. pglite-socket's server forwards each protocol message on
 * its own, so the extended-query messages of two clients interleave (Parse of one, Bind of the
 * other) and fail with "unnamed prepared statement does not exist" under load. This server
 * forwards whole units instead: a simple Query, or everything up to a Sync, runs as one exclusive
 * call; and while a client holds an open transaction (or a Flush left its sequence unfinished),
 * only that client's units run.
 *
 * Notifications: all clients share the session, so a NOTIFY's NotificationResponse comes back in the
 * output of whichever client's statement caused it. This server relays it to every other client that
 * issued LISTEN on that channel, which lets BullMQ's idle workers wake at once instead of polling.
 *
 * Because one client can hold everybody's session, the server also guards it: every length is checked
 * (wire-protocol.ts), a client must give the per-start password before anything reaches PGlite, a
 * client idle inside a transaction is rolled back and dropped, and a client that does not read its
 * output is dropped once that output passes a cap, so the process memory stays bounded.
 */

export type DropReason = 'invalid_message' | 'auth_failed' | 'auth_timeout' | 'idle_in_transaction' | 'output_buffer_full' | 'engine_error';

export interface DropEvent {
  client: number;
  reason: DropReason;
}

export interface WireServerOptions {
  /** The password every client must give (AuthenticationCleartextPassword over loopback). */
  password: string;
  /** A client that owns the session (open transaction or unfinished extended sequence) and sends nothing this long is dropped. */
  idleInTransactionTimeoutMs?: number;
  /** A client whose unread output passes this many bytes is dropped. */
  maxBufferedBytes?: number;
  /** A connection that has not logged in within this time is closed. */
  authTimeoutMs?: number;
  /** Called whenever the server drops a client, for the log. */
  onDrop?: (event: DropEvent) => void;
}

export const WIRE_DEFAULTS = { idleInTransactionTimeoutMs: 5_000, maxBufferedBytes: 64 * 1024 * 1024, authTimeoutMs: 10_000 } as const;

interface Unit {
  client: Client;
  bytes: Uint8Array;
  /** The unit leaves an extended-protocol sequence open (ended with Flush, not Sync). */
  open: boolean;
}

interface Client {
  id: number;
  socket: net.Socket;
  reader: FrameReader;
  phase: 'startup' | 'password' | 'ready';
  startup: Buffer | null;
  pending: Buffer[];
  pendingBytes: number;
  queued: number;
  closed: boolean;
  authTimer: NodeJS.Timeout | undefined;
  /** Channels this client LISTENs on (the session listens for all of them). */
  listening: Set<string>;
}

export class PGliteWireServer {
  private readonly server: net.Server;
  private readonly queue: Unit[] = [];
  private owner: Client | null = null;
  private running = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly clients = new Set<Client>();
  private readonly options: Required<Omit<WireServerOptions, 'onDrop'>> & Pick<WireServerOptions, 'onDrop'>;

  constructor(
    private readonly db: PGlite,
    options: WireServerOptions,
  ) {
    this.options = {
      password: options.password,
      idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? WIRE_DEFAULTS.idleInTransactionTimeoutMs,
      maxBufferedBytes: options.maxBufferedBytes ?? WIRE_DEFAULTS.maxBufferedBytes,
      authTimeoutMs: options.authTimeoutMs ?? WIRE_DEFAULTS.authTimeoutMs,
      onDrop: options.onDrop,
    };
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
    clearTimeout(this.idleTimer);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.drained();
  }

  private async drained(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const client: Client = {
      id: this.nextId++, socket, reader: new FrameReader(), phase: 'startup', startup: null, pending: [], pendingBytes: 0, queued: 0,
      closed: false, authTimer: undefined, listening: new Set(),
    };
    client.authTimer = setTimeout(() => this.drop(client, 'auth_timeout'), this.options.authTimeoutMs).unref();
    this.clients.add(client);
    socket.on('data', (data: Buffer) => this.receive(client, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.disconnect(client));
  }

  private receive(client: Client, data: Buffer): void {
    client.reader.push(data);
    while (!client.closed) {
      if (client.phase === 'startup') {
        const packet = client.reader.nextStartup();
        if (packet === null) return;
        if (packet === INVALID) return this.drop(client, 'invalid_message', errorResponse('FATAL', '08P01', 'invalid length of startup packet'));
        this.onStartup(client, packet);
        continue;
      }
      const password = client.phase === 'password';
      const message = client.reader.nextMessage(password ? STARTUP_MAX : MESSAGE_MAX, password ? PASSWORD_PHASE_TYPES : undefined);
      if (message === null) return;
      if (message === INVALID) return this.drop(client, 'invalid_message', errorResponse('FATAL', '08P01', 'invalid message type or length'));
      if (password) this.onPassword(client, message);
      else this.onMessage(client, message);
    }
  }

  private onStartup(client: Client, packet: Buffer): void {
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      client.socket.write('N');
    } else if (code === CANCEL_REQUEST) {
      this.disconnect(client);
      client.socket.end();
    } else if (code !== PROTOCOL_3) {
      this.drop(client, 'invalid_message', errorResponse('FATAL', '0A000', 'unsupported frontend protocol'));
    } else {
      client.startup = packet;
      client.phase = 'password';
      client.socket.write(authenticationCleartextPassword());
    }
  }

  private onPassword(client: Client, message: Message): void {
    if (!client.startup || !passwordMatches(message.bytes, this.options.password)) {
      const user = client.startup ? (startupParameters(client.startup).get('user') ?? '') : '';
      return this.drop(client, 'auth_failed', errorResponse('FATAL', '28P01', `password authentication failed for user "${user}"`));
    }
    clearTimeout(client.authTimer);
    client.phase = 'ready';
    // PGlite itself answers the original startup packet (AuthenticationOk, parameters, ReadyForQuery).
    this.enqueue({ client, bytes: new Uint8Array(client.startup), open: false });
    client.startup = null;
  }

  private onMessage(client: Client, { type, bytes }: Message): void {
    if (type === 'X') {
      this.disconnect(client);
      client.socket.end();
      return;
    }
    if (type === 'Q') trackListen(client.listening, cString(bytes, 5).value);
    if (type === 'P') trackListen(client.listening, cString(bytes, cString(bytes, 5).next).value);
    client.pending.push(bytes);
    client.pendingBytes += bytes.length;
    if (client.pendingBytes > MESSAGE_MAX) return this.drop(client, 'invalid_message', errorResponse('FATAL', '54000', 'too many messages without Sync'));
    // A unit ends where the client waits for an answer: Sync, a simple Query, or a Flush.
    if (type === 'S' || type === 'Q' || type === 'H') {
      const unit = new Uint8Array(Buffer.concat(client.pending));
      client.pending = [];
      client.pendingBytes = 0;
      this.enqueue({ client, bytes: unit, open: type === 'H' });
    }
  }

  /** Writes to a client, dropping it when its unread output passes the cap (memory stays bounded). */
  private send(client: Client, bytes: Uint8Array): void {
    if (client.closed || !client.socket.writable) return;
    client.socket.write(Buffer.from(bytes));
    if (client.socket.writableLength > this.options.maxBufferedBytes) this.drop(client, 'output_buffer_full');
  }

  private enqueue(unit: Unit): void {
    this.queue.push(unit);
    // Backpressure: read no further units from a client until this one has run.
    unit.client.queued++;
    unit.client.socket.pause();
    if (unit.client === this.owner) clearTimeout(this.idleTimer);
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.owner?.closed) await this.release();
        const owner = this.owner;
        const index = owner ? this.queue.findIndex((u) => u.client === owner) : 0;
        if (index < 0 || this.queue.length === 0) break;
        const [unit] = this.queue.splice(index, 1);
        if (!unit || unit.client.closed) continue;
        await this.execute(unit);
      }
    } finally {
      this.running = false;
    }
    this.watchIdleOwner();
  }

  private async execute(unit: Unit): Promise<void> {
    const { client } = unit;
    const relay = notificationScanner((message) => {
      const channel = cString(message, 9).value;
      for (const other of this.clients) if (other !== client && other.listening.has(channel)) this.send(other, message);
    });
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(unit.bytes, {
          onRawData: (chunk) => {
            this.send(client, chunk);
            relay(chunk);
          },
        }),
      );
    } catch {
      this.drop(client, 'engine_error');
    }
    this.owner = unit.open || this.db.isInTransaction() ? client : null;
    client.queued--;
    if (client.queued === 0 && !client.closed) client.socket.resume();
  }

  /** Ends what a dropped owner left behind: its transaction, or its extended sequence, is rolled back. */
  private async release(): Promise<void> {
    await this.db
      .runExclusive(async () => {
        // ROLLBACK aborts an explicit or implicit (unsynced extended) transaction; Sync ends the sequence
        // and any error state; a transaction that was already failed needs the second ROLLBACK.
        await this.db.execProtocolRaw(Buffer.concat([queryMessage('ROLLBACK'), SYNC_MESSAGE]));
        if (this.db.isInTransaction()) await this.db.execProtocolRaw(queryMessage('ROLLBACK'));
      })
      .catch(() => undefined);
    this.owner = null;
  }

  /** Like PostgreSQL's idle_in_transaction_session_timeout: an owner that sends nothing is dropped. */
  private watchIdleOwner(): void {
    clearTimeout(this.idleTimer);
    const owner = this.owner;
    if (!owner || owner.closed) return;
    this.idleTimer = setTimeout(() => {
      // Read whatever arrived meanwhile first: a busy event loop is not an idle client.
      setImmediate(() => {
        if (this.owner !== owner || this.running || this.queue.some((u) => u.client === owner)) return;
        this.drop(owner, 'idle_in_transaction', errorResponse('FATAL', '25P03', 'terminating connection due to idle-in-transaction timeout'));
      });
    }, this.options.idleInTransactionTimeoutMs).unref();
  }

  /** Ends a client's connection, with an ErrorResponse when one explains why, and frees the session if it held it. */
  private drop(client: Client, reason: DropReason, error?: Buffer): void {
    if (client.closed) return;
    this.options.onDrop?.({ client: client.id, reason });
    this.disconnect(client);
    if (error && reason !== 'output_buffer_full' && client.socket.writable) {
      client.socket.end(error);
      // A peer that does not read must not keep even this much.
      setTimeout(() => client.socket.destroy(), 1_000).unref();
    } else {
      client.socket.destroy();
    }
  }

  private disconnect(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    clearTimeout(client.authTimer);
    this.clients.delete(client);
    // A client that vanished mid-transaction must not keep the whole database locked.
    if (this.owner === client) void this.run();
  }
}
