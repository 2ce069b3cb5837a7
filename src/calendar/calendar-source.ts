import fs from 'node:fs';
import { createWorkingCalendar, type TimePeriod, type WorkingCalendar } from '../domain/calendar/index.ts';
import type { Logger } from '../log.ts';
import { readCalendarFile } from './calendar-file.ts';

/** The calendar in force, rebuilt when the operator calendar file changes (an import or an override edit). */
export interface CalendarSource {
  current(): WorkingCalendar;
  reload(): Promise<WorkingCalendar>;
  /** Calls `listener` after every reload that read a changed file. */
  onChange(listener: (calendar: WorkingCalendar) => void): void;
  close(): void;
}

export async function openCalendarSource(options: { file: string; timeZone: string; hours: TimePeriod[]; log: Logger; watchIntervalMs?: number }): Promise<CalendarSource> {
  const build = async () => createWorkingCalendar({ timeZone: options.timeZone, hours: options.hours, data: await readCalendarFile(options.file) });
  let calendar = await build();
  const listeners: Array<(c: WorkingCalendar) => void> = [];
  const reload = async () => {
    calendar = await build();
    for (const listener of listeners) listener(calendar);
    return calendar;
  };
  const onFileChange = () => {
    reload().then(
      () => options.log.info({ file: options.file }, 'calendar file changed: calendar reloaded'),
      (error: unknown) => options.log.error({ err: error, file: options.file }, 'calendar file is invalid; keeping the previous calendar'),
    );
  };
  // watchFile (polling) also sees the file appear, and survives the rename an atomic write does.
  fs.watchFile(options.file, { interval: options.watchIntervalMs ?? 2_000, persistent: false }, (now, before) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) onFileChange();
  });
  return {
    current: () => calendar,
    reload,
    onChange: (listener) => void listeners.push(listener),
    close: () => fs.unwatchFile(options.file),
  };
}
