import pg from 'pg';

/** What the counter saw while it was on: statements (one round trip each), writing commits, and the statements by shape. */
export interface RoundTripCount {
  roundTrips: number;
  /** Transactions that wrote: each COMMIT, plus each writing statement run outside a transaction (autocommit). */
  writeCommits: number;
  byStatement: Map<string, number>;
}

interface SubmittedQuery {
  text?: string;
}

type Submit = (this: SubmittedQuery, connection: unknown) => unknown;

const WRITES = /\b(insert\s+into|update\s+"?\w+"?\s|delete\s+from|pg_notify)/i;

/** A statement's shape for the profile: whitespace folded, the first 110 characters. */
function shapeOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 110);
}

/**
 * Counts PostgreSQL round trips of every pg client in this process (the app's pools, Prisma's
 * driver adapter, BullMQ's PostgreSQL backend) by observing `pg.Query#submit`: one submitted
 * query is one request and its answer on the wire. Transactions are told apart per connection
 * by their BEGIN and COMMIT/ROLLBACK. The bench's own probes, which start with the comment
 * `/* bench *\/`, are left out.
 */
export function startRoundTripCounter(): { snapshot(): RoundTripCount; stop(): void } {
  const proto = (pg as unknown as { Query: { prototype: { submit: Submit } } }).Query.prototype;
  const original = proto.submit;
  const inTransaction = new WeakSet<object>();
  const count: RoundTripCount = { roundTrips: 0, writeCommits: 0, byStatement: new Map() };
  proto.submit = function (this: SubmittedQuery, connection: unknown) {
    const text = typeof this.text === 'string' ? this.text : '';
    // The bench's own probes (marked so) are not the app's.
    if (text.startsWith('/* bench */')) return original.call(this, connection);
    const head = text.trimStart().slice(0, 16).toUpperCase();
    count.roundTrips += 1;
    const shape = shapeOf(text);
    count.byStatement.set(shape, (count.byStatement.get(shape) ?? 0) + 1);
    const conn = connection as object;
    if (head.startsWith('BEGIN') || head.startsWith('START TRANSACTION')) inTransaction.add(conn);
    else if (head.startsWith('COMMIT')) {
      inTransaction.delete(conn);
      count.writeCommits += 1;
    } else if (head.startsWith('ROLLBACK')) inTransaction.delete(conn);
    else if (!inTransaction.has(conn) && WRITES.test(text)) count.writeCommits += 1;
    return original.call(this, connection);
  };
  return {
    snapshot: () => ({ roundTrips: count.roundTrips, writeCommits: count.writeCommits, byStatement: new Map(count.byStatement) }),
    stop: () => {
      proto.submit = original;
    },
  };
}

/** The difference between two snapshots, per message, with the most frequent statements. */
export function perMessage(before: RoundTripCount, after: RoundTripCount, messages: number, top = Number(process.env.BENCH_TOP_STATEMENTS ?? 14)): { roundTrips: number; writeCommits: number; statements: Array<{ perMessage: number; statement: string }> } {
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const statements = [...after.byStatement]
    .map(([statement, n]) => ({ statement, perMessage: round2((n - (before.byStatement.get(statement) ?? 0)) / messages) }))
    .filter((s) => s.perMessage > 0)
    .sort((a, b) => b.perMessage - a.perMessage)
    .slice(0, top);
  return { roundTrips: round2((after.roundTrips - before.roundTrips) / messages), writeCommits: round2((after.writeCommits - before.writeCommits) / messages), statements };
}
