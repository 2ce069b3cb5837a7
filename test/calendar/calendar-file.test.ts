import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCalendarFile, writeCalendarFile } from '../../src/calendar/calendar-file.ts';
import { emptyCalendarData } from '../../src/domain/calendar/index.ts';
import type { CalendarData } from '../../src/domain/calendar/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'calendar-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sample: CalendarData = {
  closed: ['2027-02-11'],
  open: ['2026-10-11'],
  hours: { '2026-12-31': [{ start: '09:00', end: '15:00' }] },
  imported: { years: [2027], daysOff: ['2027-01-01'], workdays: ['2027-01-31'], names: { '2027-01-01': '元旦(休)' } },
};

describe('calendar file', () => {
  it('reads a missing file as empty data', async () => {
    expect(await readCalendarFile(join(dir, 'nope.json'))).toEqual(emptyCalendarData());
  });

  it('round-trips through an atomic write, creating the directory', async () => {
    const file = join(dir, 'nested', 'calendar.json');
    await writeCalendarFile(file, sample);
    expect(await readCalendarFile(file)).toEqual(sample);
    expect(await readdir(join(dir, 'nested'))).toEqual(['calendar.json']);
    await writeCalendarFile(file, emptyCalendarData());
    expect(await readCalendarFile(file)).toEqual(emptyCalendarData());
  });

  it('fills omitted fields of a hand-written file', async () => {
    const file = join(dir, 'calendar.json');
    await writeFile(file, JSON.stringify({ closed: ['2027-02-11'] }));
    expect(await readCalendarFile(file)).toEqual({ ...emptyCalendarData(), closed: ['2027-02-11'] });
  });

  it.each([
    ['not JSON', '{ closed: [', /calendar\.json is not valid JSON/],
    ['bad date', JSON.stringify({ closed: ['2027-02-30'] }), /calendar\.json is invalid: closed\.0: expected a real date/],
    ['bad hours', JSON.stringify({ hours: { '2027-01-04': [{ start: '18:00', end: '09:00' }] } }), /hours\.2027-01-04: period 18:00-09:00 ends before it starts/],
    ['unknown key', JSON.stringify({ closd: [] }), /calendar\.json is invalid/],
    ['both closed and open', JSON.stringify({ closed: ['2027-01-04'], open: ['2027-01-04'] }), /2027-01-04 is listed as both closed and open/],
    ['imported year out of range', JSON.stringify({ imported: { years: [1800] } }), /imported\.years\.0/],
  ])('rejects %s naming the file', async (_name, content, message) => {
    const file = join(dir, 'calendar.json');
    await writeFile(file, content);
    await expect(readCalendarFile(file)).rejects.toThrow(message);
    await expect(readCalendarFile(file)).rejects.toMatchObject({ code: 'calendar.file_invalid' });
  });

  it('leaves the previous file intact and no temp file behind when validation fails', async () => {
    const file = join(dir, 'calendar.json');
    await writeCalendarFile(file, sample);
    const before = await readFile(file, 'utf8');
    const broken = { ...sample, closed: ['not-a-date'] };
    await expect(writeCalendarFile(file, broken)).rejects.toMatchObject({ code: 'calendar.file_invalid' });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['calendar.json']);
  });

  it('leaves no temp file behind when the rename fails', async () => {
    // Renaming a file onto an existing directory fails after the temp file was written.
    const target = join(dir, 'calendar.json');
    await writeFile(join(dir, 'keep.txt'), 'x');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(target);
    await writeFile(join(target, 'occupied'), 'x');
    await expect(writeCalendarFile(target, sample)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['calendar.json', 'keep.txt']);
  });
});
