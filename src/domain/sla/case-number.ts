import { localDate } from '../calendar/index.ts';
import type { CaseType } from '../cases/case-machines.ts';

/** The prefix of a case number per case type. */
export const CASE_NUMBER_PREFIXES = {
  quality: 'QP',
  return: 'RT',
  exchange: 'EX',
  consultation_followup: 'CF',
  complaint: 'CP',
} as const satisfies Record<CaseType, string>;

/** A case-number prefix. */
export type CaseNumberPrefix = (typeof CASE_NUMBER_PREFIXES)[CaseType];

const LOCAL_DAY = /^\d{8}$/;
const CASE_NUMBER = /^(QP|RT|EX|CF|CP)-(\d{8})-(\d{4,})$/;

/** The business-local day of `at` as 'YYYYMMDD', the middle part of a case number. */
export function caseNumberDay(at: Date, timeZone: string): string {
  return localDate(at, timeZone).replaceAll('-', '');
}

/** The human-readable number of the `seq`-th case of `type` opened on `localDay`, e.g. 'RT-20261124-0007'. */
export function caseNumber(type: CaseType, localDay: string, seq: number): string {
  if (!LOCAL_DAY.test(localDay)) throw new RangeError(`localDay must be YYYYMMDD, got "${localDay}"`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`seq must be a positive integer, got ${seq}`);
  return `${CASE_NUMBER_PREFIXES[type]}-${localDay}-${String(seq).padStart(4, '0')}`;
}

/** A case number as a merchant may type it ('rt-20261124-0007 ') in canonical form, or null when it is not one. */
export function normalizeCaseNumber(text: string): string | null {
  const candidate = text.trim().toUpperCase();
  return CASE_NUMBER.test(candidate) ? candidate : null;
}
