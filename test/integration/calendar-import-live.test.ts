import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarImportCommand } from '../../src/calendar/calendar-commands.ts';
import { startTestApp, type TestApp } from '../support/app-harness.ts';
import { statutoryIcs } from '../support/ics-builder.ts';

const ics = path.resolve(import.meta.dirname, '../fixtures/calendar/official-2027.ics');

// The operator's path from README: import the official schedule while the bot runs; open cases
// whose deadlines rested on the estimate are recomputed without a restart.
describe('importing a holiday schedule into a running bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'embedded' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('reloads the calendar, relabels estimated deadlines and logs each change as a case event', async () => {
    const merchant = await t.app.prisma.merchant.create({ data: {} });
    const chat = await t.app.prisma.chat.create({ data: { platform: 'console', externalChatId: 'live-import', merchantId: merchant.id } });
    const opened = await t.app.cases.openCase({
      chatId: chat.id, merchantId: merchant.id, lang: 'zh-CN', at: new Date('2027-02-03T10:00:00+08:00'),
      draft: { type: 'return', orderNumber: 'SO-2027-1', itemName: 'kettle', quantity: 1, receivedOn: '2027-02-01', reason: 'broken' },
    });
    expect(opened.nextDeadline?.calendar).toBe('estimated');
    expect(t.app.calendar.current().yearStatus(2027)).toBe('estimated');

    const out: string[] = [];
    const ctx = { timeZone: t.config.businessTimeZone, hours: t.config.businessHours, calendarFile: t.config.calendarFile, out: (l: string) => out.push(l), err: (l: string) => out.push(l) };

    // A file without 国庆, merged with --partial: the bot reloads it, but 2027 stays estimated.
    const partialFile = path.join(path.dirname(t.config.calendarFile), 'no-national-day.ics');
    await writeFile(partialFile, statutoryIcs(2027, { omit: ['national_day'] }));
    expect(await calendarImportCommand({ file: partialFile, partial: true }, ctx)).toBe(0);
    for (let i = 0; i < 100 && t.app.calendar.current().dayInfo('2027-06-09').source !== 'imported'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(t.app.calendar.current().dayInfo('2027-06-09')).toMatchObject({ source: 'imported', name: '端午节(休)', label: 'estimated' });
    expect(t.app.calendar.current().dayInfo('2027-10-01')).toMatchObject({ working: false, label: 'estimated' });
    expect(t.app.calendar.current().yearStatus(2027)).toBe('estimated');

    const code = await calendarImportCommand({ file: ics }, ctx);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('2027:');

    for (let i = 0; i < 100 && t.app.calendar.current().yearStatus(2027) !== 'published'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(t.app.calendar.current().yearStatus(2027)).toBe('published');
    expect(t.app.calendar.current().dayInfo('2027-10-01')).toMatchObject({ working: false, source: 'imported', name: '国庆节(休)', label: 'cn' });
    let event = null;
    for (let i = 0; i < 50 && !event; i++) {
      event = await t.app.prisma.caseEvent.findFirst({ where: { caseId: opened.id, kind: 'deadline_changed' } });
      if (!event) await new Promise((r) => setTimeout(r, 100));
    }
    expect(event).toMatchObject({ actorKind: 'system' });
    const deadline = await t.app.prisma.caseDeadline.findFirstOrThrow({ where: { caseId: opened.id, step: 'review' } });
    expect(deadline.calendarLabel).toBe('cn');
    expect((await t.app.cases.findCase(merchant.id, opened.number))?.nextDeadline?.calendar).toBe('cn');
  });
});
