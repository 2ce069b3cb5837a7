import { CodedError } from '../../errors.ts';
import type { ErrorCode } from '../../errors.ts';
import { describeHoliday, HOLIDAY_NAMES } from './holiday-names.ts';
import type { HolidayKey } from './holiday-names.ts';

/** Machine-readable codes so callers (CLI, bot) can map failures without parsing messages. */
export type CalendarErrorCode = Extract<ErrorCode, `calendar.${string}`>;

/** An error raised by the working-day calendar, carrying a stable `code`. */
export class CalendarError extends CodedError {
  declare readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string, userMessage?: { zh: string; en: string }) {
    super(code, message, userMessage);
    this.name = 'CalendarError';
  }
}

/** One imported year and the statutory holidays its schedule leaves out. */
export interface IncompleteYear {
  year: number;
  missing: readonly HolidayKey[];
}

/**
 * An import refused because a year lacks statutory holidays: taken as the whole year, their days would
 * become working days. `incomplete` says which years and holidays; `--partial` merges such a file date by date.
 */
export class CalendarImportIncompleteError extends CalendarError {
  constructor(readonly incomplete: readonly IncompleteYear[]) {
    const list = (lang: 'zh' | 'en') => incomplete.map(({ year, missing }) => `${year}: ${missing.map((key) => HOLIDAY_NAMES[key][lang]).join(lang === 'zh' ? '、' : ', ')}`).join('; ');
    super(
      'calendar.import_incomplete',
      `The schedule lacks statutory holidays the estimate has (${incomplete.map(({ year, missing }) => `${year}: ${missing.map(describeHoliday).join(', ')}`).join('; ')}); ` +
        'imported as whole years their days would become working days. Import the complete official schedule, ' +
        'or pass --partial to merge only the dates the file lists (every other date of those years stays estimated).',
      {
        zh: `导入的日历缺少法定节假日（${list('zh')}），按整年导入会把这些假日当作工作日。请导入完整的官方安排，或加 --partial 只合并文件列出的日期（这些年份的其余日期仍按估算）。`,
        en: `The imported calendar lacks statutory holidays (${list('en')}); imported as whole years, their days would count as working days. Import the complete official schedule, or pass --partial to merge only the dates it lists (the rest of those years stays estimated).`,
      },
    );
    this.name = 'CalendarImportIncompleteError';
  }
}
