import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';

type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory['connect']>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter['startTransaction']>>;
type SqlQuery = Parameters<Transaction['executeRaw']>[0];

/**
 * Gives a transaction's connection back to the pool even when its COMMIT or ROLLBACK fails.
 *
 * @prisma/client 6.19 closes a transaction by sending `COMMIT`/`ROLLBACK` through `executeRaw` and
 * only then calling the adapter's `commit()`/`rollback()`, which is what releases the pg pool client
 * (adapter-pg 7.x, `PgTransaction.commit`). When that statement fails, because the connection died
 * (a PostgreSQL restart), the client skips `commit()`/`rollback()`: the pool client stays checked out
 * for ever. Once `max` of them leaked, every Prisma call waits for a connection that never comes.
 * Here a failed closing statement releases the connection (pg-pool destroys a client that is no
 * longer queryable), and a second release is a no-op.
 */
export class ReleasingTransaction implements Transaction {
  readonly provider: Transaction['provider'];
  readonly adapterName: Transaction['adapterName'];
  #released = false;
  /**
   * The statements of a transaction run one after another. Prisma may issue several at once (the
   * relations of one `findUnique` with a nested select); they all go to the transaction's one pg
   * client, which queues them but warns that pg 9 will refuse it. Chaining them here keeps the
   * order pg would have used, without the warning.
   */
  #last: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: Transaction) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  get options(): Transaction['options'] {
    return this.inner.options;
  }

  #inTurn<T>(statement: () => Promise<T>): Promise<T> {
    const run = this.#last.then(statement, statement);
    this.#last = run.catch(() => undefined);
    return run;
  }

  queryRaw(query: SqlQuery): ReturnType<Transaction['queryRaw']> {
    return this.#inTurn(() => this.inner.queryRaw(query));
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    try {
      return await this.#inTurn(() => this.inner.executeRaw(query));
    } catch (error) {
      if (query.sql === 'COMMIT' || query.sql === 'ROLLBACK') await this.rollback().catch(() => undefined);
      throw error;
    }
  }

  commit(): Promise<void> {
    return this.#release('commit');
  }

  rollback(): Promise<void> {
    return this.#release('rollback');
  }

  async #release(how: 'commit' | 'rollback'): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await this.inner[how]();
  }
}

/** The adapter factory Prisma gets: the given one, with every transaction wrapped as above. */
export function releasingTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      const wrapped: SqlDriverAdapter = {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        queryRaw: (query) => adapter.queryRaw(query),
        executeRaw: (query) => adapter.executeRaw(query),
        executeScript: (script) => adapter.executeScript(script),
        startTransaction: async (isolationLevel) => new ReleasingTransaction(await adapter.startTransaction(isolationLevel)),
        dispose: () => adapter.dispose(),
      };
      const info = adapter.getConnectionInfo?.bind(adapter);
      return info ? { ...wrapped, getConnectionInfo: info } : wrapped;
    },
  };
}
