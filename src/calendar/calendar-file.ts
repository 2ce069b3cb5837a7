import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { CalendarError } from '../domain/calendar/calendar-error.ts';
import { calendarDataSchema, emptyCalendarData } from '../domain/calendar/calendar-data.ts';
import type { CalendarData } from '../domain/calendar/calendar-data.ts';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** Validates calendar data, throwing `calendar.file_invalid` that names `file` and the bad fields. */
export function validateCalendarData(value: unknown, file: string): CalendarData {
  const parsed = calendarDataSchema.safeParse(value);
  if (!parsed.success) throw new CalendarError('calendar.file_invalid', `Calendar file ${file} is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Reads the operator calendar file; a missing file means no overrides or imports. */
export async function readCalendarFile(file: string): Promise<CalendarData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissingFile(error)) return emptyCalendarData();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CalendarError('calendar.file_invalid', `Calendar file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return validateCalendarData(json, file);
}

/** Validates then writes the calendar file atomically (temp file in the same directory, fsync, rename). */
export async function writeCalendarFile(file: string, data: CalendarData): Promise<void> {
  // Validate before touching the disk so a bad document never replaces a good one.
  const valid = validateCalendarData(data, file);
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(`${JSON.stringify(valid, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // rename() within one directory is atomic: readers see the old file or the new one, never half.
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
