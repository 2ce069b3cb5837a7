import type { CaseType } from '../cases/case-machines.ts';

/** The plain rows the report computations read (the store selects them; nothing here does I/O). */

/** A case, as reports see it. */
export interface ReportCase {
  id: string;
  number: string;
  type: CaseType;
  merchantId: string;
  assigneeId: string | null;
  itemName: string | null;
  problemCategory: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

/** One SLA deadline of a case. */
export interface ReportDeadline {
  caseId: string;
  step: string;
  startedAt: Date;
  dueAt: Date;
  metAt: Date | null;
  cancelledAt: Date | null;
  breachedAt: Date | null;
}

/** A satisfaction answer (one per case). */
export interface ReportRating {
  caseId: string;
  staffId: string | null;
  score: number;
  createdAt: Date;
}

/** A complaint about staff. */
export interface ReportComplaint {
  caseId: string;
  accusedStaffId: string | null;
  createdAt: Date;
}

/** The rows every report is computed from, and when it is computed. */
export interface ReportRows {
  timeZone: string;
  /** The moment of the report: figures of a period not yet over stop here. */
  now: Date;
  cases: readonly ReportCase[];
  deadlines: readonly ReportDeadline[];
  ratings: readonly ReportRating[];
  complaints: readonly ReportComplaint[];
}

/** A half-open span of time [start, end). */
export interface Span {
  start: Date;
  end: Date;
}

/** Whether `at` lies in [span.start, span.end). */
export function within(at: Date | null, span: Span): at is Date {
  return at !== null && at.getTime() >= span.start.getTime() && at.getTime() < span.end.getTime();
}
