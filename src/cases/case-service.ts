import type { CasePort } from '../contracts/cases.ts';
import { normalizeCaseNumber } from '../domain/sla/index.ts';
import { findMerchantCase, findMerchantCaseId, listMerchantCases } from '../store/case-store.ts';
import type { CaseServiceDeps } from './case-deps.ts';
import { caseNotFound } from './case-messages.ts';
import { postMerchantMessage } from './case-thread.ts';
import { openMerchantCase } from './open-case.ts';
import { recomputeEstimatedDeadlines } from './recompute-deadlines.ts';
import { transitionCase } from './transition-case.ts';
import { refreshedCard } from './staff-steps.ts';
import { commentOnRating, rateCase } from './satisfaction.ts';

export type { CaseServiceDeps } from './case-deps.ts';

const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

/** Cases over the database: numbers, deadlines, the event log. */
export function createCaseService(deps: CaseServiceDeps): CasePort & { recomputeEstimatedDeadlines(at: Date): Promise<number> } {
  return {
    openCase: (input) => openMerchantCase(deps, input),

    listCases: (merchantId, options) => {
      const limit = Math.min(Math.max(Math.trunc(options?.limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);
      return listMerchantCases(deps.prisma, merchantId, { openOnly: options?.openOnly ?? false, limit });
    },

    async findCase(merchantId, number) {
      const canonical = normalizeCaseNumber(number);
      return canonical === null ? null : findMerchantCase(deps.prisma, merchantId, canonical);
    },

    async cancelCase({ merchantId, number, at, reason }) {
      const canonical = normalizeCaseNumber(number);
      const caseId = canonical === null ? null : await findMerchantCaseId(deps.prisma, merchantId, canonical);
      if (caseId === null) return { ok: false, code: 'case.not_found', message: caseNotFound(number.trim()) };
      return transitionCase(deps, caseId, { event: 'cancel', actor: { kind: 'merchant', id: merchantId }, at, ...(reason === undefined ? {} : { reason }) });
    },

    async recordShipment({ merchantId, trackingNumber, at }) {
      const awaiting = await deps.prisma.case.findFirst({ where: { merchantId, status: 'awaiting_goods', type: { in: ['return', 'exchange'] } }, orderBy: { openedAt: 'desc' }, select: { id: true } });
      if (awaiting === null) return null;
      return transitionCase(deps, awaiting.id, { event: 'markShipped', actor: { kind: 'merchant', id: merchantId }, at, fields: { trackingNumber } }, refreshedCard(deps));
    },

    async postToCase(input) {
      const canonical = normalizeCaseNumber(input.number);
      if (canonical === null) return { ok: false, code: 'case.not_found' };
      return postMerchantMessage(deps, { ...input, number: canonical });
    },

    rateCase: (input) => rateCase(deps, input),

    commentOnRating: (input) => commentOnRating(deps, input),

    recomputeEstimatedDeadlines: (at) => recomputeEstimatedDeadlines(deps, at),
  };
}
