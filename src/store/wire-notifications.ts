/**
 * Notifications through the embedded wire server: every client shares PGlite's one session, so a
 * NOTIFY comes back in the output of whichever client caused it. The server tracks which client
 * LISTENs on which channel and picks NotificationResponses out of each unit's output to relay them.
 */

const LISTEN_STATEMENT = /^\s*(UNLISTEN|LISTEN)\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*|\*)\s*;?\s*$/i;

/** The channel a LISTEN/UNLISTEN names, as PostgreSQL stores it (unquoted names fold to lower case). */
function channelName(raw: string): string {
  return raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
}

/** Applies a statement to the set of channels a client listens on, if it is a LISTEN or UNLISTEN. */
export function trackListen(listening: Set<string>, sql: string): void {
  // BullMQ's LISTEN comes with comment lines above it.
  const match = LISTEN_STATEMENT.exec(sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, ''));
  if (!match?.[1] || !match[2]) return;
  if (match[1].toUpperCase() === 'LISTEN') listening.add(channelName(match[2]));
  else if (match[2] === '*') listening.clear();
  else listening.delete(channelName(match[2]));
}

/**
 * Watches a stream of backend output for NotificationResponse ('A') messages and hands each one over
 * whole. Other messages are skipped as they pass, never buffered, so a huge DataRow costs nothing here.
 */
export function notificationScanner(onNotification: (message: Buffer) => void): (chunk: Uint8Array) => void {
  let header = Buffer.alloc(0);
  let skip = 0;
  let parts: Buffer[] | null = null;
  let need = 0;
  return (chunk) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - offset);
        skip -= n;
        offset += n;
        continue;
      }
      if (parts !== null) {
        const n = Math.min(need, chunk.length - offset);
        parts.push(Buffer.from(chunk.subarray(offset, offset + n)));
        need -= n;
        offset += n;
        if (need === 0) {
          onNotification(Buffer.concat(parts));
          parts = null;
        }
        continue;
      }
      const n = Math.min(5 - header.length, chunk.length - offset);
      header = Buffer.concat([header, chunk.subarray(offset, offset + n)]);
      offset += n;
      if (header.length < 5) break;
      const rest = Math.max(0, header.readInt32BE(1) - 4);
      if (header[0] === 0x41 /* 'A' */ && rest > 0) {
        parts = [header];
        need = rest;
      } else {
        skip = rest;
      }
      header = Buffer.alloc(0);
    }
  };
}
