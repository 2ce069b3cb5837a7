import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli-process.ts';
import { statutoryIcs } from '../support/ics-builder.ts';
import { runsBackendIndependentTests } from '../support/services.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/calendar/official-2027.ics', import.meta.url));

let dir: string;
let calendarFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'calendar-cli-'));
  calendarFile = join(dir, 'calendar.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `npm run --silent cli -- <command> …` with its own CALENDAR_FILE, no database or queue. */
function cli(command: string, ...args: string[]): Promise<CliRun> {
  return runCli(command, args, { unset: ['DATABASE_URL', 'REDIS_URL'], env: { CALENDAR_FILE: calendarFile, TZ_BUSINESS: 'Asia/Shanghai' } });
}

describe.skipIf(!runsBackendIndependentTests)('npm run cli -- calendar import / show', () => {
  it('refuses a year without 国庆 unless --partial, and --partial never makes 2027-10-01 a working day', { timeout: 120_000 }, async () => {
    const file = join(dir, 'no-national-day.ics');
    await writeFile(file, statutoryIcs(2027, { omit: ['national_day'] }));

    const refused = await cli('calendar', 'import', file);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('2027: 国庆节 (National Day)');
    await expect(stat(calendarFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const partial = await cli('calendar', 'import', file, '--partial');
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('still estimated: 国庆节 (National Day)');

    const deadline = await cli('deadline', '--from', '2027-09-30T10:00:00+08:00', '--working-days', '1');
    expect(JSON.parse(deadline.stdout)).toEqual({ deadline: '2027-10-06T18:00:00+08:00', calendar: 'estimated' });

    const shown = await cli('calendar', 'show', '2027');
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toBe('2027: estimated, with imported dates on top; not imported, still estimated: 国庆节 (National Day)');
    expect(lines).toContain('  2027-10-01 Fri  estimated  国庆节');
  });

  it('shows an imported year with the events’ names, weekends apart from holidays', { timeout: 120_000 }, async () => {
    expect((await cli('calendar', 'import', FIXTURE)).stdout).toBe('2027: 28 days off, 6 working weekends (imported)\n');
    const { code, stdout } = await cli('calendar', 'show', '--year', '2027');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('2027: published (imported)');
    const holidays = lines.slice(lines.findIndex((l) => l.startsWith('Holidays on weekdays')) + 1, lines.findIndex((l) => l.startsWith('Weekend days inside holidays')));
    expect(holidays).toContain('  2027-10-01 Fri  imported   国庆节(休)');
    expect(holidays.filter((l) => / (Sat|Sun) /.test(l))).toEqual([]);
    expect(lines).toContain('  2027-10-02 Sat  imported   国庆节(休)');
    expect(lines).toContain('  2027-10-09 Sat  imported   国庆节(班)');
    // 2027-03-06 is an ordinary Saturday: not listed anywhere.
    expect(stdout).not.toContain('2027-03-06');
  });

  it('rejects a malformed year argument with exit code 2', { timeout: 120_000 }, async () => {
    const { code, stderr } = await cli('calendar', 'show', '27');
    expect(code).toBe(2);
    expect(stderr).toContain('calendar show [yyyy]');
  });
});
