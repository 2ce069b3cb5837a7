import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { z } from 'zod';
import { attachmentRefSchema } from '../../../src/contracts/cases.ts';
import { formatWhen } from '../../../src/conversation/deadline-text.ts';
import { messagesFor } from '../../../src/conversation/messages/index.ts';
import type { Reply } from '../../../src/contracts/conversation.ts';
import type { WorkingCalendar } from '../../../src/domain/calendar/index.ts';
import { instantAtWallTime, localDate } from '../../../src/domain/calendar/index.ts';
import { addDays } from '../../../src/domain/calendar/civil-date.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';

const checks = {
  expect: z.array(z.string()).optional(),
  notExpect: z.array(z.string()).optional(),
  /** Button ids that must be offered; a trailing * matches any suffix. */
  buttons: z.array(z.string()).optional(),
  /** Regex whose first match in the replies is kept as {{case}}. */
  capture: z.literal('case').optional(),
};

const stepSchema = z.union([
  z.strictObject({ send: z.string(), lang: z.string().optional(), attachments: z.array(attachmentRefSchema).optional(), ...checks }),
  z.strictObject({ press: z.string(), ...checks }),
  z.strictObject({ restart: z.literal(true) }),
]);

/** One transcript file: what the merchant does, what the bot must say, and which cases exist at the end. */
export const transcriptSchema = z.strictObject({
  description: z.string(),
  steps: z.array(stepSchema).min(1),
  cases: z.array(z.record(z.string(), z.unknown())).optional(),
});

export type Transcript = z.infer<typeof transcriptSchema>;

/** How a transcript reaches the bot: over HTTP to the real app, or straight into the orchestrator. */
export interface TranscriptDriver {
  send(text: string, options: { lang?: string; attachments?: z.infer<typeof attachmentRefSchema>[] }): Promise<Reply[]>;
  press(actionId: string): Promise<Reply[]>;
  restart(): Promise<void>;
  cases(): Promise<Array<Record<string, unknown>>>;
}

const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/transcripts');

/** Every transcript fixture, validated. */
export function loadTranscripts(): Array<{ name: string; transcript: Transcript }> {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.replace(/\.json$/, ''), transcript: transcriptSchema.parse(JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8'))) }));
}

interface TokenContext {
  calendar: WorkingCalendar;
  timeZone: string;
  vars: Map<string, string>;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Expands tokens so fixtures stay valid on any day: {{date:-3}} (YYYY-MM-DD), {{zhDay:-3}} (11月23日), {{enDay:-3}} (Nov 23),
 * {{repeat:ab:5000}}, {{case}}, and deadlines computed with the calendar in force: {{windowDeadline:-3:en}}, {{deadline:review:en}}.
 */
export function expandTokens(text: string, ctx: TokenContext): string {
  const now = new Date();
  const today = localDate(now, ctx.timeZone);
  return text.replace(/\{\{([^}]+)\}\}/g, (whole, body: string) => {
    const [kind = '', a = '', b = ''] = body.split(':');
    const day = () => addDays(today, Number(a));
    switch (kind) {
      case 'date':
        return day();
      case 'zhDay':
        return `${Number(day().slice(5, 7))}月${Number(day().slice(8, 10))}日`;
      case 'enDay':
        return `${EN_MONTHS[Number(day().slice(5, 7)) - 1]} ${Number(day().slice(8, 10))}`;
      case 'repeat':
        return a.repeat(Number(b));
      case 'windowDeadline': {
        const rule = defaultPolicy.deadlines.returnRequestWindow;
        const { deadline } = ctx.calendar.addWorkingDays(instantAtWallTime(day(), 720, ctx.timeZone), rule.workingDays);
        return formatWhen(messagesFor(b === 'en' ? 'en' : 'zh-CN'), deadline, ctx.timeZone, now);
      }
      case 'deadline': {
        const name = a === 'review' ? 'returnReview' : 'qualityFirstContact';
        const { deadline } = ctx.calendar.addWorkingDays(now, defaultPolicy.deadlines[name].workingDays);
        return formatWhen(messagesFor(b === 'en' ? 'en' : 'zh-CN'), deadline, ctx.timeZone, now);
      }
      default:
        return ctx.vars.get(kind) ?? whole;
    }
  });
}

function buttonMatches(pattern: string, id: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
}

/** Plays a transcript against a driver, asserting every step; `label` names the step in failures. */
export async function playTranscript(name: string, transcript: Transcript, driver: TranscriptDriver, ctx: Omit<TokenContext, 'vars'>): Promise<void> {
  const tokens: TokenContext = { ...ctx, vars: new Map() };
  let last: Reply[] = [];
  for (const [index, step] of transcript.steps.entries()) {
    const label = `${name} step ${index + 1}`;
    if ('restart' in step) {
      await driver.restart();
      continue;
    }
    if ('send' in step) {
      const options = { ...(step.lang ? { lang: step.lang } : {}), ...(step.attachments ? { attachments: step.attachments } : {}) };
      last = await driver.send(expandTokens(step.send, tokens), options);
    } else {
      // A pattern ending in * presses the button offered last that matches it (e.g. flow:confirm:<rev>).
      const wanted = expandTokens(step.press, tokens);
      const offered = last.flatMap((reply) => reply.buttons ?? []).find((button) => buttonMatches(wanted, button.id));
      last = await driver.press(offered?.id ?? wanted);
    }
    const all = last.map((reply) => reply.text).join('\n---\n');
    expect(last.length, `${label}: no reply`).toBeGreaterThan(0);
    for (const reply of last) expect(reply.text.length, `${label}: reply over Telegram's 4096`).toBeLessThanOrEqual(4096);
    for (const wanted of step.expect ?? []) expect(all, `${label}: expected text`).toContain(expandTokens(wanted, tokens));
    for (const unwanted of step.notExpect ?? []) expect(all, `${label}: unexpected text`).not.toContain(expandTokens(unwanted, tokens));
    const ids = last.flatMap((reply) => reply.buttons ?? []).map((button) => button.id);
    for (const id of ids) expect(Buffer.byteLength(id), `${label}: button id ${id}`).toBeLessThanOrEqual(64);
    for (const wanted of step.buttons ?? []) {
      const pattern = expandTokens(wanted, tokens);
      expect(ids.some((id) => buttonMatches(pattern, id)), `${label}: button ${pattern} among ${ids.join(', ')}`).toBe(true);
    }
    if (step.capture) {
      const number = /[A-Z]{2,4}-\d{8}-\d{3,6}/.exec(all)?.[0];
      expect(number, `${label}: no case number to capture`).toBeDefined();
      tokens.vars.set(step.capture, number ?? '');
    }
  }
  if (transcript.cases) {
    const cases = await driver.cases();
    expect(cases, `${name}: cases at the end`).toHaveLength(transcript.cases.length);
    expect(cases).toEqual(expect.arrayContaining(transcript.cases.map((c) => expect.objectContaining(c))));
  }
}
