import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { buildChannels } from './channels/build-channels.ts';
import { CONSOLE_OPERATOR } from './channels/console/console-channel.ts';
import { deskRoutes } from './channels/console/desk-routes.ts';
import type { CaseServiceDeps } from './cases/case-deps.ts';
import { cardAudience } from './cases/staff-steps.ts';
import { CASE_TYPES } from './domain/cases/case-machines.ts';
import type { Channel, Platform } from './contracts/channel.ts';
import type { ChatContext, Orchestrator } from './contracts/conversation.ts';
import { createStaffDesk } from './desk/staff-desk.ts';
import { managerReports } from './followups/manager-reports.ts';
import type { QueueBackend } from './queues/queue-backend.ts';
import { trackQueues, type AppMetrics } from './http/metrics.ts';
import type { Route } from './http/router.ts';
import { withFileIntake } from './inbound/file-intake.ts';
import type { Ingest } from './inbound/ingest.ts';
import { createSurfaceRouter } from './inbound/surface-router.ts';
import { createMediaLinks } from './inbound/media-links.ts';
import { readStoredPhoto } from './inbound/photo-store.ts';
import { MAX_UPLOAD_BYTES } from './channels/console/console-uploads.ts';
import { startDelivery } from './outbox/delivery-queue.ts';
import { createActionTokenStore } from './store/action-token-store.ts';
import { addStaff, deskFeed, ensureDeskChat, handedOffChats, satisfactionBoard, slaBoard } from './store/desk-store.ts';
import { createOutboxStore } from './store/outbox-store.ts';
import type { PrismaClient } from './store/prisma.ts';
import type { SqlPool } from './store/sql-pool.ts';

/** How often undelivered messages are looked at again, and how old they must be (a crash between writing and enqueueing). */
const OUTBOX_SWEEP_MS = 15_000;

/**
 * The messaging spine around the conversation: the channels (console, and Slack and Telegram when
 * configured), outbox delivery per platform, the staff desk beside the merchant conversation, and
 * the routes they add. Case changes and replies become outbox rows; this starts their delivery.
 */
export async function startMessaging(deps: {
  config: Config;
  log: Logger;
  sql: SqlPool;
  prisma: PrismaClient;
  backend: QueueBackend;
  /** This database's instance id, which namespaces its queues. */
  databaseId: string;
  metrics: AppMetrics;
  ingest: Ingest;
  caseDeps: CaseServiceDeps;
  merchant: Orchestrator;
  uploadDir: string;
  /** Takes HTTP and receives platform events (PROCESS_ROLE all or web). */
  serves: boolean;
  /** Delivers the outbox (PROCESS_ROLE all or worker); a web process only enqueues. */
  works: boolean;
}) {
  const { config, log, sql } = deps;
  const tokens = createActionTokenStore(sql);
  const channels: Map<Platform, Channel> = buildChannels({ config, sink: deps.ingest.sink, tokens, uploadDir: deps.uploadDir, log });
  const outbox = createOutboxStore(sql);
  const photos = { read: (sha256: string) => readStoredPhoto(deps.uploadDir, sha256) };
  const delivery = startDelivery({
    workers: deps.works,
    backend: deps.backend,
    databaseId: deps.databaseId,
    store: outbox,
    channels,
    concurrency: Math.max(2, config.workerConcurrency),
    log,
    photos,
    onFailed: (queue) => deps.metrics.jobsFailed.inc({ queue }),
  });
  const deliver = (chats: Array<{ chatId: string; platform: Platform }>) => {
    for (const { chatId, platform } of chats) {
      if (platform === 'console') continue;
      delivery.enqueue(platform, chatId).catch((error: unknown) => log.warn({ err: error, chatId }, 'delivery enqueue failed; the outbox sweeper will retry'));
    }
  };
  deps.caseDeps.onOutbox = deliver;
  const media = createMediaLinks({ secret: `${deps.databaseId}:${config.consoleToken ?? ''}`, uploadDir: deps.uploadDir });
  deps.caseDeps.photoUrl = media.url;

  const desk = createStaffDesk({ cases: deps.caseDeps, sql, log });
  const orchestrator = withFileIntake(createSurfaceRouter({ merchant: deps.merchant, desk }), { channels, uploadDir: deps.uploadDir, sql, maxBytes: MAX_UPLOAD_BYTES, log });

  // The console operator acts on the console's desks; platform staff are added with `cli staff add`.
  await addStaff(deps.prisma, { platform: 'console', workspace: '', externalUserId: CONSOLE_OPERATOR.externalUserId, name: CONSOLE_OPERATOR.name, role: 'manager', lang: 'zh-CN' });
  for (const channel of channels.values()) {
    try {
      await channel.start({ receive: deps.serves });
    } catch (error) {
      // A platform that refuses our credentials must not take the console down: it stays off, loudly.
      log.error({ err: error, platform: channel.platform }, 'channel failed to start; it stays off until the next start');
      channels.delete(channel.platform);
      continue;
    }
    if (channel.staffChat) await ensureDeskChat(sql, channel.staffChat, 'staff');
    if (channel.managerChat) await ensureDeskChat(sql, channel.managerChat, 'manager');
  }
  // SLA warnings reach an assignee privately on the platforms that started and can (the console cannot).
  deps.caseDeps.directMessages = [...channels.values()].flatMap((c) => (c.directMessages ? [{ platform: c.platform, opens: c.directMessages }] : []));

  const sweep = deps.works
    ? setInterval(() => {
        delivery.sweep(OUTBOX_SWEEP_MS).catch((error: unknown) => log.warn({ err: error }, 'outbox sweep failed; will retry'));
      }, OUTBOX_SWEEP_MS)
    : undefined;
  sweep?.unref();
  deps.metrics.outboundMessages.collectFrom(async (gauge) => {
    const counts: Record<string, number> = await outbox.countByStatus();
    for (const status of ['pending', 'sending', 'delivered', 'failed', 'dead']) gauge.set({ status }, counts[status] ?? 0);
  });
  trackQueues(deps.metrics, delivery.queues);

  const webhookRoutes: Route[] = [...channels.values()].flatMap((channel) =>
    channel.webhooks.map((hook) => ({
      method: 'POST' as const,
      path: hook.path,
      bodyLimit: hook.bodyLimit,
      // Platforms reach us by the public host name; the request is verified by its signature or secret instead.
      access: 'public' as const,
      name: `${channel.platform}-webhook`,
      handler: async (req) => {
        const answer = await hook.handle({ headers: req.headers, rawBody: await req.body(), query: req.query });
        return { status: answer.status, headers: answer.headers ?? {}, ...(answer.body !== undefined ? { body: answer.body } : {}) };
      },
    })),
  );
  const desks = deskFeedChats(channels);
  const routes: Route[] = [
    ...webhookRoutes,
    ...media.routes,
    ...deskRoutes({
      ingest: deps.ingest,
      replyTimeoutMs: config.consoleReplyTimeoutMs,
      reads: {
        feed: async (which) => deskFeed(sql, await ensureDeskChat(sql, which === 'staff' ? desks.staff : desks.manager, which)),
        // Managers see every case; the staff desk never sees those only managers see (complaints, 4.3.2).
        board: (desk) => slaBoard(sql, { hiddenTypes: desk === 'manager' ? [] : CASE_TYPES.filter((type) => cardAudience(type) === 'manager') }),
        handoffs: () => handedOffChats(sql),
        deadLetters: () => outbox.deadLetters(),
        satisfaction: () => satisfactionBoard(sql),
        reports: () => managerReports({ prisma: deps.prisma, timeZone: config.businessTimeZone }, new Date()),
      },
    }),
  ];

  return {
    channels,
    orchestrator,
    routes,
    /** After the pipeline stored an event's replies: deliver them on their platform. */
    onCompleted: (chat: ChatContext) => chat.address && deliver([{ chatId: chat.chatId, platform: chat.address.platform }]),
    async stop(): Promise<void> {
      clearInterval(sweep);
      await Promise.allSettled([...channels.values()].map((c) => c.stop()));
      await delivery.close();
    },
  };
}

function deskFeedChats(channels: Map<Platform, Channel>) {
  const console = channels.get('console');
  if (!console?.staffChat || !console.managerChat) throw new Error('the console channel has no desks');
  return { staff: console.staffChat, manager: console.managerChat };
}
