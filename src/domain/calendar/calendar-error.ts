/** Machine-readable codes so callers (CLI, bot) can map failures without parsing messages. */
export type CalendarErrorCode =
  | 'calendar.ics_invalid'
  | 'calendar.hours_invalid'
  | 'calendar.timezone_invalid'
  | 'calendar.date_invalid'
  | 'calendar.days_invalid'
  | 'calendar.year_unsupported'
  | 'calendar.file_invalid';

/** An error raised by the working-day calendar, carrying a stable `code`. */
export class CalendarError extends Error {
  readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string) {
    super(message);
    this.name = 'CalendarError';
    this.code = code;
  }
}
