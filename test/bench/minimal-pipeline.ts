import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueueBackend } from '../../src/queues/queue-backend.ts';
import { readBody, send } from '../../src/http/router.ts';
import { createSqlPool } from '../../src/store/sql-pool.ts';

const REPLY_TIMEOUT_MS = 120_000;

/**
 * The least the console's job could cost on this stack, written beside it for the flows bench:
 * a plain node:http server on 127.0.0.1; POST → INSERT the message → enqueue a BullMQ job on the
 * app's own queue backend → a worker reads the message and INSERTs a reply → the waiting request is
 * woken in-process → it answers. Three statements and two commits a message; no dedupe, no chat,
 * no order per chat, no state, no conversation.
 */
export async function startMinimalPipeline(deps: { databaseUrl: string; backend: QueueBackend; concurrency: number }): Promise<{ url: string; close(): Promise<void> }> {
  // Two pools of 10, like the app: one for requests, one for the worker.
  const requestSql = createSqlPool(deps.databaseUrl, 10);
  const workerSql = createSqlPool(deps.databaseUrl, 10);
  await requestSql.query('CREATE TABLE IF NOT EXISTS bench_message (id bigserial PRIMARY KEY, chat text NOT NULL, body text NOT NULL, "receivedAt" timestamptz NOT NULL DEFAULT now())');
  await requestSql.query('CREATE TABLE IF NOT EXISTS bench_reply (id bigserial PRIMARY KEY, "messageId" bigint NOT NULL REFERENCES bench_message (id), body text NOT NULL)');
  const replied: EventEmitter = new EventEmitter();
  replied.setMaxListeners(0);
  const queueName = `bench-minimal-${Date.now()}`;
  const queue = deps.backend.queue<{ id: string }>(queueName);
  const worker = deps.backend.worker<{ id: string }>(
    queueName,
    async (job) => {
      const { rows } = await workerSql.query<{ body: string }>('SELECT body FROM bench_message WHERE id = $1', [job.data.id]);
      const body = `got: ${rows[0]?.body ?? ''}`;
      await workerSql.query('INSERT INTO bench_reply ("messageId", body) VALUES ($1, $2)', [job.data.id, body]);
      replied.emit(job.data.id, body);
    },
    { concurrency: deps.concurrency },
  );

  async function handle(req: http.IncomingMessage): Promise<{ status: number; body: string }> {
    const parsed = JSON.parse((await readBody(req, 256 * 1024)).toString('utf8')) as { chatId: string; text: string };
    const { rows } = await requestSql.query<{ id: string }>('INSERT INTO bench_message (chat, body) VALUES ($1, $2) RETURNING id', [parsed.chatId, parsed.text]);
    const id = rows[0]?.id ?? '';
    // Listening before the job exists: a worker faster than this request is never missed.
    let timer: NodeJS.Timeout | undefined;
    let onReply: (body: string) => void = () => undefined;
    const reply = new Promise<string | null>((resolve) => {
      onReply = resolve;
      replied.once(id, onReply);
      timer = setTimeout(() => resolve(null), REPLY_TIMEOUT_MS);
    });
    try {
      await queue.add('reply', { id }, { jobId: `m-${id}`, removeOnComplete: { age: 3600, count: 5000 }, removeOnFail: { age: 3600 } });
      const text = await reply;
      return text === null ? { status: 202, body: JSON.stringify({ replies: [] }) } : { status: 200, body: JSON.stringify({ replies: [{ text }] }) };
    } finally {
      clearTimeout(timer);
      replied.off(id, onReply);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req).then(
      (answer) => send(res, { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: answer.body }),
      () => send(res, { status: 500 }),
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await worker.close();
      await queue.close();
      await requestSql.end();
      await workerSql.end();
    },
  };
}
