/** Anything that runs a query: a pg Pool or Client (the app's pool, or one on a spawned process's database). */
export interface Queryable {
  query<R extends object>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * What the database says happened to merchant traffic: events stored and processed, replies written,
 * cases opened, and what the outbox delivered. Read at one moment; fault tests compare it with what
 * the fake platforms received.
 */
export interface PipelineLedger {
  /** Inbound events of merchant chats. */
  events: number;
  unprocessed: number;
  /** Processed merchant events with no reply row at all. */
  withoutReplies: number;
  /** Cases by the merchant chat that opened them (`<platform>:<external chat id>`). */
  casesPerChat: Map<string, number>;
  /** Outbox rows still to send (pending, sending, failed) and dead letters. */
  undelivered: number;
  dead: number;
  /** Messages each chat was sent as far as the outbox knows (`<platform>:<external chat id>` → distinct platform message ids). */
  deliveredPerChat: Map<string, number>;
}

const keyed = (rows: Array<{ chat: string; n: string }>) => new Map(rows.map((r) => [r.chat, Number(r.n)]));

export async function readLedger(db: Queryable): Promise<PipelineLedger> {
  const [events, cases, outbox, delivered] = await Promise.all([
    db.query<{ events: string; unprocessed: string; without: string }>(
      `SELECT count(*) AS events, count(*) FILTER (WHERE e."processedAt" IS NULL) AS unprocessed,
              count(*) FILTER (WHERE e."processedAt" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OutboundMessage" o WHERE o."inboundId" = e.id)) AS without
       FROM "InboundEvent" e JOIN "Chat" c ON c.id = e."chatId" WHERE c.kind = 'merchant'`,
    ),
    db.query<{ chat: string; n: string }>(
      `SELECT c.platform::text || ':' || c."externalChatId" AS chat, count(*) AS n FROM "Case" k JOIN "Chat" c ON c.id = k."chatId" GROUP BY 1`,
    ),
    db.query<{ undelivered: string; dead: string }>(
      `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending', 'failed')) AS undelivered, count(*) FILTER (WHERE status = 'dead') AS dead FROM "OutboundMessage"`,
    ),
    db.query<{ chat: string; n: string }>(
      `SELECT c.platform::text || ':' || c."externalChatId" AS chat, count(DISTINCT o."platformMessageId") AS n
       FROM "OutboundMessage" o JOIN "Chat" c ON c.id = o."chatId" WHERE o.status = 'delivered' GROUP BY 1`,
    ),
  ]);
  const e = events.rows[0]!;
  const o = outbox.rows[0]!;
  return {
    events: Number(e.events),
    unprocessed: Number(e.unprocessed),
    withoutReplies: Number(e.without),
    casesPerChat: keyed(cases.rows),
    undelivered: Number(o.undelivered),
    dead: Number(o.dead),
    deliveredPerChat: keyed(delivered.rows),
  };
}

/** Polls the ledger until `done` holds; returns the last one read (the caller asserts on it). */
export async function ledgerWhen(db: Queryable, done: (ledger: PipelineLedger) => boolean, timeoutMs: number): Promise<PipelineLedger> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ledger = await readLedger(db).catch(() => undefined);
    if (ledger && (done(ledger) || Date.now() > until)) return ledger;
    if (!ledger && Date.now() > until) return readLedger(db);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Everything accepted is processed and delivered. */
export const settled = (expectedEvents: number) => (l: PipelineLedger) => l.events === expectedEvents && l.unprocessed === 0 && l.undelivered === 0;

/**
 * What a platform received beyond what the outbox delivered, per chat (`received` keyed by external
 * chat id, of one platform): positive numbers are messages the merchant got twice.
 */
export function extraPosts(platform: string, received: Map<string, number>, ledger: PipelineLedger): Map<string, number> {
  const extra = new Map<string, number>();
  const chats = new Set([...received.keys(), ...[...ledger.deliveredPerChat.keys()].filter((k) => k.startsWith(`${platform}:`)).map((k) => k.slice(platform.length + 1))]);
  for (const chat of chats) {
    const diff = (received.get(chat) ?? 0) - (ledger.deliveredPerChat.get(`${platform}:${chat}`) ?? 0);
    if (diff !== 0) extra.set(chat, diff);
  }
  return extra;
}
