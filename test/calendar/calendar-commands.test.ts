import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarImportCommand, calendarShowCommand, deadlineCommand } from '../../src/calendar/calendar-commands.ts';
import type { CalendarCommandContext } from '../../src/calendar/calendar-commands.ts';
import { localDate } from '../../src/domain/calendar/index.ts';
import { statutoryIcs } from '../support/ics-builder.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/calendar/official-2027.ics', import.meta.url));

let dir: string;
let out: string[];
let err: string[];
let ctx: CalendarCommandContext;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'calendar-cmd-'));
  out = [];
  err = [];
  ctx = {
    timeZone: 'Asia/Shanghai',
    hours: [{ start: '09:00', end: '18:00' }],
    calendarFile: join(dir, 'calendar.json'),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('deadlineCommand', () => {
  it('prints exactly one JSON line', async () => {
    expect(await deadlineCommand({ from: '2026-12-30T12:00:00+08:00', workingDays: 3 }, ctx)).toBe(0);
    expect(out).toEqual(['{"deadline":"2027-01-05T18:00:00+08:00","calendar":"estimated"}']);
    expect(err).toEqual([]);
  });

  it('labels a span inside 2026 “cn” and reads local times without offset in the business zone', async () => {
    expect(await deadlineCommand({ from: '2026-09-30T17:00', workingDays: 3 }, ctx)).toBe(0);
    expect(out).toEqual(['{"deadline":"2026-10-10T18:00:00+08:00","calendar":"cn"}']);
  });

  it('uses --tz for both parsing and output', async () => {
    expect(await deadlineCommand({ from: '2026-03-06T12:00', workingDays: 1, tz: 'America/New_York' }, ctx)).toBe(0);
    expect(out).toEqual(['{"deadline":"2026-03-09T18:00:00-04:00","calendar":"cn"}']);
  });

  it('uses the imported schedule from the calendar file', async () => {
    expect(await calendarImportCommand({ file: FIXTURE }, ctx)).toBe(0);
    out = [];
    expect(await deadlineCommand({ from: '2026-12-30T12:00:00+08:00', workingDays: 3 }, ctx)).toBe(0);
    expect(out).toEqual(['{"deadline":"2027-01-05T18:00:00+08:00","calendar":"cn"}']);
  });

  it.each([
    [{ from: 'tomorrow', workingDays: 3 }, /Invalid date-time "tomorrow"/],
    [{ from: '2026-02-30T10:00:00Z', workingDays: 3 }, /Invalid date-time/],
    [{ from: '2026-12-30T12:00:00Z', workingDays: -1 }, /--working-days must be a non-negative integer, got -1/],
    [{ from: '2026-12-30T12:00:00Z', workingDays: 2.5 }, /--working-days must be a non-negative integer/],
    [{ from: '2026-12-30T12:00:00Z', workingDays: 3, tz: 'Nowhere/Land' }, /Unknown time zone "Nowhere\/Land"/],
  ])('rejects %j with exit code 2', async (opts, message) => {
    expect(await deadlineCommand(opts, ctx)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it('fails with exit code 1 naming a broken calendar file', async () => {
    await writeFile(ctx.calendarFile, '{"closed": 5}');
    expect(await deadlineCommand({ from: '2026-12-30T12:00:00Z', workingDays: 3 }, ctx)).toBe(1);
    expect(err[0]).toContain(ctx.calendarFile);
    expect(out).toEqual([]);
  });
});

describe('calendarImportCommand', () => {
  it('imports, then reports unchanged without rewriting the file', async () => {
    expect(await calendarImportCommand({ file: FIXTURE }, ctx)).toBe(0);
    expect(out).toEqual(['2027: 28 days off, 6 working weekends (imported)']);
    const written = JSON.parse(await readFile(ctx.calendarFile, 'utf8'));
    expect(written.imported.years).toEqual([2027]);
    const mtime = (await stat(ctx.calendarFile)).mtimeMs;
    out = [];
    expect(await calendarImportCommand({ file: FIXTURE }, ctx)).toBe(0);
    expect(out).toEqual(['2027: 28 days off, 6 working weekends (unchanged)']);
    expect((await stat(ctx.calendarFile)).mtimeMs).toBe(mtime);
  });

  it('imports the package calendar per year', async () => {
    const file = join(dir, 'holidays.ics');
    await copyFile(fileURLToPath(new URL('../../node_modules/chinese-days/dist/holidays.ics', import.meta.url)), file);
    expect(await calendarImportCommand({ file }, ctx)).toBe(0);
    expect(out).toEqual([
      '2024: 28 days off, 8 working weekends (imported)',
      '2025: 28 days off, 5 working weekends (imported)',
      '2026: 33 days off, 6 working weekends (imported)',
    ]);
  });

  it('rejects malformed ICS with exit code 2 and writes nothing', async () => {
    const file = join(dir, 'bad.ics');
    await writeFile(file, 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:元旦\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    expect(await calendarImportCommand({ file }, ctx)).toBe(2);
    expect(err[0]).toMatch(/line 2\).*no DTSTART/);
    expect(out).toEqual([]);
    await expect(stat(ctx.calendarFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps an existing calendar file untouched on a malformed import', async () => {
    await calendarImportCommand({ file: FIXTURE }, ctx);
    const before = await readFile(ctx.calendarFile, 'utf8');
    const file = join(dir, 'bad.ics');
    await writeFile(file, 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20280230\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    expect(await calendarImportCommand({ file }, ctx)).toBe(2);
    expect(await readFile(ctx.calendarFile, 'utf8')).toBe(before);
  });

  it('refuses a year lacking statutory holidays with exit code 2, naming them, and writes nothing', async () => {
    const file = join(dir, 'no-autumn.ics');
    await writeFile(file, statutoryIcs(2027, { omit: ['dragon_boat', 'mid_autumn', 'national_day'] }));
    expect(await calendarImportCommand({ file }, ctx)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('2027: 端午节 (Dragon Boat Festival), 中秋节 (Mid-Autumn Festival), 国庆节 (National Day)');
    expect(err[0]).toContain('--partial');
    await expect(stat(ctx.calendarFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('with partial, merges the year date by date and says what stays estimated', async () => {
    const file = join(dir, 'no-national-day.ics');
    await writeFile(file, statutoryIcs(2027, { omit: ['national_day'] }));
    expect(await calendarImportCommand({ file, partial: true }, ctx)).toBe(0);
    expect(out).toEqual(['2027: 10 days off, 0 working weekends (imported date by date (--partial); not in the file, still estimated: 国庆节 (National Day))']);
    const written = JSON.parse(await readFile(ctx.calendarFile, 'utf8'));
    expect(written.imported.years).toEqual([]);
    out = [];
    expect(await deadlineCommand({ from: '2027-09-30T10:00:00+08:00', workingDays: 1 }, ctx)).toBe(0);
    expect(out).toEqual(['{"deadline":"2027-10-06T18:00:00+08:00","calendar":"estimated"}']);
  });

  it('reports a missing ICS file', async () => {
    expect(await calendarImportCommand({ file: join(dir, 'missing.ics') }, ctx)).toBe(2);
    expect(err[0]).toMatch(/Cannot read .*missing\.ics/);
  });
});

describe('calendarShowCommand', () => {
  it('lists a published year with sources, including the working Saturday 2026-10-10', async () => {
    await writeFile(ctx.calendarFile, JSON.stringify({ closed: ['2026-12-31'] }));
    expect(await calendarShowCommand({ year: 2026 }, ctx)).toBe(0);
    expect(out[0]).toBe('2026: published (chinese-days package)');
    // 19 weekdays from the package plus the override; the 14 weekend days inside breaks are listed apart.
    expect(out).toContain('Holidays on weekdays (20):');
    expect(out).toContain('  2026-10-01 Thu  package    国庆节');
    expect(out).toContain('  2026-12-31 Thu  override');
    expect(out).toContain('Weekend days inside holidays (off anyway) (14):');
    expect(out).toContain('  2026-10-03 Sat  package    国庆节');
    expect(out).toContain('Working weekends (调休) (6):');
    expect(out).toContain('  2026-10-10 Sat  package    国庆节');
    // An ordinary weekend is not a holiday.
    expect(out.some((line) => line.startsWith('  2026-03-07'))).toBe(false);
    const holidays = out.slice(out.indexOf('Holidays on weekdays (20):') + 1, out.indexOf('Weekend days inside holidays (off anyway) (14):'));
    expect(holidays.every((line) => !/ (Sat|Sun) /.test(line))).toBe(true);
  });

  it('marks an estimated year and its make-up days', async () => {
    expect(await calendarShowCommand({ year: 2027 }, ctx)).toBe(0);
    expect(out[0]).toMatch(/^2027: estimated/);
    expect(out).toContain('  2027-02-09 Tue  estimated  春节（补假）');
    expect(out).toContain('  2027-02-06 Sat  estimated  春节');
    expect(out.slice(-2)).toEqual(['Working weekends (调休) (0):', '  (none)']);
  });

  it('shows an imported year as imported', async () => {
    await calendarImportCommand({ file: FIXTURE }, ctx);
    out = [];
    expect(await calendarShowCommand({ year: 2027 }, ctx)).toBe(0);
    expect(out[0]).toBe('2027: published (imported)');
    // The names are the events' SUMMARY lines, the folded one unfolded.
    expect(out).toContain('  2027-10-01 Fri  imported   国庆节(休)');
    expect(out).toContain('  2027-10-02 Sat  imported   国庆节(休)');
    expect(out.slice(out.indexOf('Working weekends (调休) (6):'))).toEqual([
      'Working weekends (调休) (6):',
      '  2027-01-31 Sun  imported   春节(班)',
      '  2027-02-20 Sat  imported   春节调休',
      '  2027-04-25 Sun  imported   劳动节(班)',
      '  2027-05-08 Sat  imported   Labour Day',
      '  2027-09-26 Sun  imported   国庆节(班)',
      '  2027-10-09 Sat  imported   国庆节(班)',
    ]);
  });

  it('shows a partially imported year as estimated, naming what the file left out', async () => {
    const file = join(dir, 'no-national-day.ics');
    await writeFile(file, statutoryIcs(2027, { omit: ['national_day'] }));
    expect(await calendarImportCommand({ file, partial: true }, ctx)).toBe(0);
    out = [];
    expect(await calendarShowCommand({ year: 2027 }, ctx)).toBe(0);
    expect(out[0]).toBe('2027: estimated, with imported dates on top; not imported, still estimated: 国庆节 (National Day)');
    expect(out).toContain('  2027-10-01 Fri  estimated  国庆节');
    expect(out).toContain('  2027-06-09 Wed  imported   端午节(休)');
  });

  it('shows the current year in the business zone when no year is given', async () => {
    expect(await calendarShowCommand({}, ctx)).toBe(0);
    expect(out[0]).toMatch(new RegExp(`^${localDate(new Date(), ctx.timeZone).slice(0, 4)}: `));
  });

  it('rejects an unsupported year', async () => {
    expect(await calendarShowCommand({ year: 2150 }, ctx)).toBe(2);
    expect(err[0]).toMatch(/2150 is outside the supported range/);
  });
});
