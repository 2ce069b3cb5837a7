import type { CaseServiceDeps } from '../cases/case-deps.ts';
import type { FollowupConfig } from '../config.ts';
import type { Lang } from '../contracts/lang.ts';
import { draftReminderTimes, questionReminderTime, shipReminderTimes } from '../domain/sla/merchant-reminders.ts';
import { timersToSchedule } from '../domain/sla/sla-timers.ts';
import type { BullQueue } from '../queues/queue-backend.ts';
import type { Touched } from '../store/case-outbox-store.ts';
import { caseForReminder, casesAwaitingShipment, chatsWithDrafts, unansweredStaffMessages, writeMerchantReminder, type ReminderCondition } from '../store/merchant-reminder-store.ts';
import { addTimer, merchantJobSchema, type FollowupJob, type MerchantJob } from './followup-jobs.ts';

export interface MerchantReminderDeps {
  cases: CaseServiceDeps;
  queue: BullQueue<FollowupJob>;
  config: FollowupConfig;
  now?: () => Date;
}

/** How far back drafts and staff questions are looked at: past their last reminder nothing is due. */
const LOOKBACK_MS = 26 * 3_600_000;

/** Reminder times with their ordinal (part of the job id): the first, the second... */
const numbered = (times: Date[]) => times.map((at, i) => ({ ordinal: i + 1, at }));

function schedule(deps: MerchantReminderDeps, kind: MerchantJob['kind'], subject: string, mark: string, ordinal: number, at: Date): Promise<void> {
  return addTimer(deps.queue, { name: 'merchant', jobId: `${kind}-${subject}-${mark}-${ordinal}`, at, data: { kind, subject, mark }, timeScale: deps.config.timeScale, ...(deps.now ? { now: deps.now() } : {}) });
}

/**
 * Schedules the reminders merchants are owed: an unfinished request (1 h and 24 h after its last
 * change), a waybill not sent after the return address was given (3.2.3, the next working days, at
 * most three), a staff question unanswered (24 h). Quiet hours are respected. Each is checked again
 * when it fires, so a merchant who acted meanwhile gets nothing.
 */
export async function reconcileMerchantReminders(deps: MerchantReminderDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const { timeZone } = deps.cases;
  const quiet = deps.config.merchantQuietHours;
  const since = new Date(now.getTime() - LOOKBACK_MS);
  let scheduled = 0;
  for (const chat of await chatsWithDrafts(deps.cases.prisma, since)) {
    for (const t of timersToSchedule(numbered(draftReminderTimes(chat.updatedAt, timeZone, quiet)), now)) {
      await schedule(deps, 'draft', chat.chatId, `v${chat.stateVersion}`, t.ordinal, t.at);
      scheduled += 1;
    }
  }
  for (const waiting of await casesAwaitingShipment(deps.cases.prisma)) {
    for (const t of timersToSchedule(numbered(shipReminderTimes(waiting.since, deps.cases.calendar(), timeZone, quiet)), now)) {
      await schedule(deps, 'ship', waiting.caseId, String(waiting.since.getTime()), t.ordinal, t.at);
      scheduled += 1;
    }
  }
  for (const question of await unansweredStaffMessages(deps.cases.prisma, since)) {
    await schedule(deps, 'question', question.outboundId, 'q', 1, questionReminderTime(question.createdAt, timeZone, quiet));
    scheduled += 1;
  }
  return scheduled;
}

const zh = (lang: Lang) => lang !== 'en';

/** Runs one merchant reminder: written only if still due, once per job id. */
export async function runMerchantReminder(deps: { cases: CaseServiceDeps }, jobId: string, raw: unknown): Promise<Touched | null> {
  const parsed = merchantJobSchema.safeParse(raw);
  if (!parsed.success) return null;
  const job = parsed.data;
  const prisma = deps.cases.prisma;
  const condition: ReminderCondition =
    job.kind === 'draft'
      ? { kind: 'draft', chatId: job.subject, stateVersion: Number(job.mark.slice(1)) }
      : job.kind === 'ship'
        ? { kind: 'ship', caseId: job.subject }
        : { kind: 'question', outboundId: job.subject };
  // Read before the transaction: inside it every statement must go through the transaction's own connection.
  const found = job.kind === 'ship' ? await caseForReminder(prisma, job.subject) : null;
  return writeMerchantReminder(prisma, {
    key: jobId,
    kind: `merchant_${job.kind}`,
    condition,
    build() {
      if (job.kind === 'draft') {
        return [{ to: 'merchant', render: (lang) => ({ text: zh(lang) ? '您还有一个未完成的售后申请，直接回复即可接着填写；如不再需要，发送“取消”。' : 'You have an unfinished after-sales request: reply to carry on where you left off, or send "cancel" if you no longer need it.' }) }];
      }
      if (job.kind === 'ship') {
        const number = found?.number ?? '';
        const address = found?.returnAddress ? (lang: Lang) => (zh(lang) ? `（寄回地址：${found.returnAddress}）` : ` (return address: ${found.returnAddress})`) : () => '';
        return [
          {
            to: 'merchant',
            render: (lang) => ({
              text: zh(lang)
                ? `提醒：${number} 请把商品寄回${address(lang)}，寄出后回复快递单号，例如“单号 SF1234567890”（3.2.3）。`
                : `Reminder: please ship the goods of ${number} back${address(lang)} and reply with the tracking number, e.g. "tracking SF1234567890" (3.2.3).`,
            }),
          },
        ];
      }
      return [{ to: 'merchant', render: (lang) => ({ text: zh(lang) ? '客服还在等您回复上面的问题，方便时请直接回复。' : 'Our service team is still waiting for your answer to their question above; just reply here.' }) }];
    },
  });
}
