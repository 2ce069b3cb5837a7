import net from 'node:net';

/** Frontend protocol messages built by hand, to send what no driver would. */
export const frontend = {
  startup(params: Record<string, string>): Buffer {
    const body = Buffer.concat([...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`)), Buffer.from([0])]);
    const header = Buffer.alloc(8);
    header.writeInt32BE(8 + body.length, 0);
    header.writeInt32BE(196608, 4);
    return Buffer.concat([header, body]);
  },
  message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
    const header = Buffer.alloc(5);
    header.write(type, 0, 'latin1');
    header.writeInt32BE(4 + body.length, 1);
    return Buffer.concat([header, body]);
  },
  password(password: string): Buffer {
    return frontend.message('p', Buffer.from(`${password}\0`));
  },
  query(sql: string): Buffer {
    return frontend.message('Q', Buffer.from(`${sql}\0`));
  },
  /** Parse + Bind + Execute of an unnamed statement without parameters, ended by Flush (no Sync). */
  extendedWithoutSync(sql: string): Buffer {
    return Buffer.concat([
      frontend.message('P', Buffer.concat([Buffer.from(`\0${sql}\0`), Buffer.from([0, 0])])),
      frontend.message('B', Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])),
      frontend.message('E', Buffer.from([0, 0, 0, 0, 0])),
      frontend.message('H'),
    ]);
  },
};

/** Waits until `condition` holds, polling; fails after a generous deadline (never a timing assertion). */
export async function until(condition: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A bare TCP connection that records what the server sends and whether it closed. */
export class RawConnection {
  readonly socket: net.Socket;
  received = Buffer.alloc(0);
  receivedBytes = 0;
  closed = false;
  /** Keep only the first bytes of the answer (enough to read message types) to measure big results. */
  constructor(port: number, private readonly keep = 1 << 20) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (data: Buffer) => {
      this.receivedBytes += data.length;
      if (this.received.length < this.keep) this.received = Buffer.concat([this.received, data]);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
    });
  }

  async connected(): Promise<void> {
    if (this.socket.readyState === 'open') return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Message types received so far ('R3' for an authentication request of code 3), and SQLSTATEs of errors. */
  messages(): string[] {
    const out: string[] = [];
    let offset = 0;
    const b = this.received;
    while (offset + 5 <= b.length) {
      const type = String.fromCharCode(b[offset] ?? 0);
      const length = b.readInt32BE(offset + 1);
      if (offset + 1 + length > b.length) break;
      if (type === 'R') out.push(`R${b.readInt32BE(offset + 5)}`);
      else if (type === 'E') out.push(`E:${errorCode(b.subarray(offset + 5, offset + 1 + length))}`);
      else out.push(type);
      offset += 1 + length;
    }
    return out;
  }

  /** Startup and password exchange; resolves once the server is ready for a query. */
  async login(password: string): Promise<void> {
    await this.connected();
    this.send(frontend.startup({ user: 'postgres', database: 'postgres' }));
    await until(() => this.messages().includes('R3') || this.closed, 'a password request');
    this.send(frontend.password(password));
    await until(() => this.messages().includes('Z') || this.closed, 'ReadyForQuery');
    if (!this.messages().includes('Z')) throw new Error(`login refused: ${this.messages().join(',')}`);
  }
}

function errorCode(fields: Buffer): string {
  let offset = 0;
  while (offset < fields.length && fields[offset] !== 0) {
    const end = fields.indexOf(0, offset + 1);
    if (fields[offset] === 0x43 /* C */) return fields.toString('utf8', offset + 1, end);
    offset = end + 1;
  }
  return '?';
}
