import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarImportCommand, calendarShowCommand, deadlineCommand } from '../../src/calendar/calendar-commands.ts';
import type { CalendarCommandContext } from '../../src/calendar/calendar-commands.ts';

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
    expect(out).toContain('Days off besides weekends (34):');
    expect(out).toContain('  2026-10-01 Thu  package    国庆节');
    expect(out).toContain('  2026-12-31 Thu  override');
    expect(out).toContain('Working weekends (6):');
    expect(out).toContain('  2026-10-10 Sat  package    国庆节');
  });

  it('marks an estimated year and its make-up days', async () => {
    expect(await calendarShowCommand({ year: 2027 }, ctx)).toBe(0);
    expect(out[0]).toMatch(/^2027: estimated/);
    expect(out).toContain('  2027-02-09 Tue  estimated  春节（补假）');
    expect(out.slice(-2)).toEqual(['Working weekends (0):', '  (none)']);
  });

  it('shows an imported year as imported', async () => {
    await calendarImportCommand({ file: FIXTURE }, ctx);
    out = [];
    expect(await calendarShowCommand({ year: 2027 }, ctx)).toBe(0);
    expect(out[0]).toBe('2027: published (imported)');
    expect(out).toContain('  2027-01-31 Sun  imported');
  });

  it('rejects an unsupported year', async () => {
    expect(await calendarShowCommand({ year: 2150 }, ctx)).toBe(2);
    expect(err[0]).toMatch(/2150 is outside the supported range/);
  });
});
