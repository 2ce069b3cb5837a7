import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCalendarData } from '../../src/calendar/calendar-file.ts';
import { caseEventNameSchema, CASE_EVENT_NAMES } from '../../src/domain/cases/case-machines.ts';
import { deskActionSchema, stepActionId } from '../../src/cases/desk-actions.ts';
import { consoleActionSchema, consoleMessageSchema, MAX_TEXT_CHARS } from '../../src/channels/console/console-schemas.ts';
import { decodeFormMetadata, decodeFormValue, encodeFormValue, readFormValues, type FormSpec } from '../../src/channels/slack/slack-forms.ts';
import { normalizeSlackPayload } from '../../src/channels/slack/slack-normalize.ts';
import { decodeCallbackData, encodeCallbackData, CALLBACK_DATA_MAX_BYTES, utf8Bytes } from '../../src/channels/telegram/callback-data.ts';
import { normalizeUpdate } from '../../src/channels/telegram/normalize-update.ts';
import { formFieldNames } from '../../src/contracts/channel.ts';
import { surveyActionId, surveyActionSchema } from '../../src/contracts/survey-action.ts';
import { actionIds, MAX_ACTION_ID_BYTES, MENU_ITEMS, parseActionId, type Action } from '../../src/conversation/action-ids.ts';
import { FLOW_KINDS, SLOT_NAMES } from '../../src/conversation/intake-flows.ts';
import { ANSWER_RULE_IDS, answerFromText, checkAnswer, readFigures } from '../../src/domain/answers/checker/index.ts';
import { FIGURE_UNITS } from '../../src/domain/answers/answer.ts';
import { parseIcs } from '../../src/domain/calendar/ics.ts';
import { mergeImport } from '../../src/domain/calendar/ics-merge.ts';
import { emptyCalendarData } from '../../src/domain/calendar/calendar-data.ts';
import { parseDate } from '../../src/domain/calendar/civil-date.ts';
import { parseInstant } from '../../src/domain/calendar/instant-input.ts';
import { PROBLEM_CATEGORIES } from '../../src/domain/intake/index.ts';
import { defaultPolicy } from '../../src/domain/policy/default-policy.ts';
import { defaultClauses } from '../../src/domain/policy/defaults.ts';
import { QUALITY_REMEDIES } from '../../src/domain/policy/policy-schema.ts';
import { SURVEY_SCORES } from '../../src/domain/satisfaction/survey.ts';
import { CodedError, type ErrorCode } from '../../src/errors.ts';
import { isStorableText } from '../../src/http/safe-string.ts';
import { storableEvent } from '../../src/inbound/ingest.ts';
import { blockActions, dmMessage, eventCallback, MANAGERS, STAFF, viewSubmission } from '../channels/slack/slack-fixtures.ts';
import { anyMessage, fuzzParameters, hostileJson, hostileText, mutated } from '../support/fuzz-arbitraries.ts';
import { allDayEvent, ics, statutoryIcs } from '../support/ics-builder.ts';
import { memoryActionTokens } from '../support/telegram-doubles.ts';
import { callbackQuery, groupReply, imageDocument, photoWithCaption, privateText, STAFF_CHAT_ID } from '../support/telegram-updates.ts';

/*
 * Every inbound parser on arbitrary and near-valid input: button ids, desk and survey payloads, Slack and Telegram
 * payloads, console bodies, calendar files and imports, answers for the checker. None throws anything but a coded
 * error where throwing is its contract, and what each accepts round-trips with the builder that made it.
 */

/** Runs `fn`; a throw must be a CodedError with one of `codes`. */
function throwsOnly(codes: readonly ErrorCode[], fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof CodedError)) throw new Error(`threw a non-coded ${String(error)}`, { cause: error });
    expect(codes).toContain(error.code);
  }
}

const caseNumber = fc
  .tuple(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 3, max: 6 }))
  .map(([prefix, day, counter, width]) => `${prefix}-${String(day).padStart(8, '0')}-${String(counter).padStart(width, '0').slice(-width)}`);

/** Every action the bot issues, with the action it must parse back to. */
const issuedAction: fc.Arbitrary<[string, Action]> = fc.oneof(
  fc.constantFrom(...MENU_ITEMS).map((item): [string, Action] => [actionIds.menu(item), { kind: 'menu', item }]),
  fc.constantFrom('zh', 'en' as const).map((lang): [string, Action] => [actionIds.lang(lang), { kind: 'lang', lang }]),
  fc.integer({ min: 0, max: 9_999_999 }).map((rev): [string, Action] => [actionIds.confirm(rev), { kind: 'confirm', rev }]),
  fc.constantFrom<[string, Action]>(
    [actionIds.edit(), { kind: 'edit' }],
    [actionIds.cancelDraft(), { kind: 'cancelDraft' }],
    [actionIds.skip(), { kind: 'skip' }],
    [actionIds.keep(), { kind: 'keep' }],
    [actionIds.person(), { kind: 'person' }],
    [actionIds.dateYes(), { kind: 'date', ok: true }],
    [actionIds.dateNo(), { kind: 'date', ok: false }],
  ),
  fc.constantFrom(...FLOW_KINDS).map((flow): [string, Action] => [actionIds.switchTo(flow), { kind: 'switch', flow }]),
  fc.constantFrom(...SLOT_NAMES).map((slot): [string, Action] => [actionIds.editSlot(slot), { kind: 'editSlot', slot }]),
  fc.constantFrom(...PROBLEM_CATEGORIES).map((category): [string, Action] => [actionIds.category(category), { kind: 'category', category }]),
  fc.constantFrom(...QUALITY_REMEDIES).map((remedy): [string, Action] => [actionIds.remedy(remedy), { kind: 'remedy', remedy }]),
  fc.tuple(fc.constantFrom('view', 'cancel', 'cancelConfirmed', 'post' as const), caseNumber).map(([op, number]): [string, Action] => {
    const build = { view: actionIds.viewCase, cancel: actionIds.cancelCase, cancelConfirmed: actionIds.cancelCaseConfirmed, post: actionIds.postToCase }[op];
    return [build(number), { kind: 'case', op, number }];
  }),
  fc.tuple(fc.uuid({ version: 4 }), fc.boolean()).map(([answerId, helpful]): [string, Action] => [actionIds.answerFeedback(answerId, helpful), { kind: 'answer', helpful, answerId }]),
  fc.tuple(fc.constantFrom(...SURVEY_SCORES), caseNumber).map(([score, number]): [string, Action] => [actionIds.rate(score, number), { kind: 'rate', score, number }]),
);

/** An issued id with a few characters changed, inserted or cut: near-valid ids. */
const nearId = fc.tuple(issuedAction, fc.nat(), fc.oneof(hostileText(3), fc.constantFrom(':', '::', '', ' ', '\u0000', 'ＡＢ'))).map(([[id], at, insert]) => {
  const i = at % (id.length + 1);
  return id.slice(0, i) + insert + id.slice(i + (at % 3));
});

describe('fuzz: button ids', () => {
  it('parseActionId parses every id the bot issues back to its action, within 64 bytes', () => {
    fc.assert(
      fc.property(issuedAction, ([id, action]) => {
        expect(Buffer.byteLength(id, 'utf8')).toBeLessThanOrEqual(MAX_ACTION_ID_BYTES);
        expect(parseActionId(id)).toEqual(action);
      }),
      fuzzParameters(100),
    );
  });

  it('parseActionId never throws, and what it accepts is an id the bot could have issued', () => {
    fc.assert(
      fc.property(fc.oneof(anyMessage, nearId), (id) => {
        const action = parseActionId(id);
        if (action === undefined) return;
        // Accepted means canonical: the builder of that action gives the same id back (numbers aside: "007" is rev 7).
        if (action.kind !== 'confirm') expect(parseActionId(id)).toEqual(action);
        expect(Buffer.byteLength(id, 'utf8')).toBeLessThanOrEqual(MAX_ACTION_ID_BYTES);
        expect(id.split(':')[0]).toMatch(/^[a-z]+$/);
      }),
      fuzzParameters(100),
    );
  });

  it('survey ids round-trip and nothing else parses as one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SURVEY_SCORES), caseNumber, anyMessage, (score, number, junk) => {
        expect(surveyActionSchema.safeParse(surveyActionId(score, number).split(':')).data).toEqual(['csat', score, number]);
        const parsed = surveyActionSchema.safeParse(junk.split(':'));
        if (parsed.success) expect(surveyActionId(parsed.data[1], parsed.data[2])).toBe(junk);
      }),
      fuzzParameters(100),
    );
  });

  it('desk action ids round-trip with stepActionId, and arbitrary ids are refused without a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_EVENT_NAMES), caseNumber, fc.option(fc.constantFrom(...QUALITY_REMEDIES), { nil: undefined }), anyMessage, (event, number, remedy, junk) => {
        expect(deskActionSchema.parse(stepActionId(event, number, remedy))).toEqual({ kind: 'step', event, caseNumber: number, ...(remedy ? { remedy } : {}) });
        const parsed = deskActionSchema.safeParse(junk);
        if (parsed.success && parsed.data.kind === 'step') {
          expect(caseEventNameSchema.safeParse(parsed.data.event).success).toBe(true);
          expect(stepActionId(parsed.data.event, parsed.data.caseNumber, parsed.data.remedy)).toBe(junk);
        }
        for (const verb of ['claim', 'reassign', 'takeover', 'handback']) deskActionSchema.safeParse(`desk:${verb}:${junk}`);
      }),
      fuzzParameters(100),
    );
  });

  it('Telegram callback_data: any action id round-trips through encode/decode, and always fits 64 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(issuedAction.map(([id]) => id), hostileText(120).filter((s) => s.length > 0)), async (actionId) => {
        const tokens = memoryActionTokens();
        const address = { platform: 'telegram' as const, workspace: '1', externalChatId: '2' };
        const data = await encodeCallbackData(actionId, address, tokens);
        expect(utf8Bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
        expect(await decodeCallbackData(data, tokens)).toBe(actionId);
        expect(await decodeCallbackData(`~${actionId}`, tokens)).toBeNull();
      }),
      fuzzParameters(100),
    );
  });
});

describe('fuzz: Slack payloads', () => {
  const surfaces = { staffChannel: STAFF, managerChannel: MANAGERS };
  const fixtures = [
    eventCallback(dmMessage('我要退货 订单号 AB123456')),
    eventCallback(dmMessage('photo', { subtype: 'file_share', files: [{ id: 'F1', name: 'a.jpg', mimetype: 'image/jpeg', size: 10 }] })),
    blockActions('menu:quality'),
    blockActions('desk:approve:RT-20261124-0007', { value: encodeFormValue({ title: '拒绝', fields: [{ name: 'reason', label: '原因', multiline: true }] }) }),
    viewSubmission({ actionId: 'desk:reject:RT-20261124-0007', channel: STAFF, messageTs: '1.2' }, { reason: '不符合', note: null }),
    { type: 'url_verification', challenge: 'abc' },
  ];

  it('normalizeSlackPayload never throws on any value or near-valid payload, and every event it makes is well formed', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, fc.constantFrom(...fixtures), ...fixtures.map(mutated)), (payload) => {
        const inbound = normalizeSlackPayload(payload, surfaces, new Date('2026-11-26T04:00:00Z'));
        expect(['challenge', 'event', 'open_form', 'form_errors', 'ignored']).toContain(inbound.type);
        if (inbound.type === 'event') {
          const { event } = inbound;
          expect(event.deliveryId.length).toBeGreaterThan(0);
          expect(['merchant', 'staff', 'manager']).toContain(event.surface);
          expect(event.user.externalUserId.length).toBeGreaterThan(0);
          if (event.kind === 'message') expect(Boolean(event.text?.trim()) || (event.files?.length ?? 0) > 0).toBe(true);
          else expect(event.actionId?.length).toBeGreaterThan(0);
        }
        if (inbound.type === 'challenge') expect(typeof inbound.challenge).toBe('string');
      }),
      fuzzParameters(200),
    );
  });

  it('form values and modal metadata round-trip, and anything else decodes to undefined', () => {
    const form: fc.Arbitrary<FormSpec> = fc.record({
      title: hostileText(60),
      fields: fc.array(fc.record({ name: fc.constantFrom(...formFieldNames), label: hostileText(3000), multiline: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(form, anyMessage, (spec, junk) => {
        const value = encodeFormValue(spec);
        expect(value.length).toBeLessThanOrEqual(2000);
        const decoded = decodeFormValue(value);
        expect(decoded?.fields.map((f) => f.name)).toEqual([...new Set(spec.fields.map((f) => f.name))]);
        decodeFormValue(junk);
        decodeFormValue(`form1:${junk}`);
        decodeFormMetadata(junk);
        const reading = readFormValues({ reason: { value: { value: junk } }, note: { value: { value: null } } });
        if (reading.ok) expect(reading.fields.reason).toBe(junk.trim());
        else expect(junk.trim()).toBe('');
      }),
      fuzzParameters(100),
    );
  });
});

describe('fuzz: Telegram updates', () => {
  const fixtures = [
    privateText('我要退货'),
    photoWithCaption('裂了'),
    imageDocument('a.heic', undefined),
    groupReply('已处理', STAFF_CHAT_ID, 77),
    callbackQuery('menu:quality', 7_012_345_678, 5),
    callbackQuery('~k1', STAFF_CHAT_ID, 6),
  ];

  it('normalizeUpdate never throws on any value or near-valid update, and events are well formed', async () => {
    const tokens = memoryActionTokens();
    await tokens.shorten('desk:claim:RT-20261124-0007', { platform: 'telegram', workspace: '1', externalChatId: String(STAFF_CHAT_ID) });
    const ctx = { botId: '123456789', botUsername: 'intake_bot', staffChatId: String(STAFF_CHAT_ID), tokens, now: () => new Date('2026-11-26T04:00:00Z') };
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJson, fc.constantFrom(...fixtures), ...fixtures.map(mutated)), async (update) => {
        const normalized = await normalizeUpdate(update, ctx);
        if (normalized.event === null) return;
        const { event } = normalized;
        expect(event.deliveryId).toMatch(/^-?\d+$/);
        expect(['merchant', 'staff', 'manager']).toContain(event.surface);
        expect(Number.isNaN(event.receivedAt.getTime())).toBe(false);
        if (event.kind === 'message') {
          expect(Boolean(event.text?.trim()) || (event.files?.length ?? 0) > 0).toBe(true);
          // Control characters other than tab and newline never reach the conversation.
          expect(event.text ?? '').not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
        }
      }),
      fuzzParameters(200),
    );
  });
});

describe('fuzz: platform events before they are stored', () => {
  it('storableEvent leaves no NUL or lone surrogate in any field, and no control character in typed text', () => {
    const any = hostileText(40);
    fc.assert(
      fc.property(any, any, any, any, any, any, any, any, any, (deliveryId, chat, user, name, text, actionId, field, fileName, reply) => {
        const event = storableEvent({
          deliveryId, address: { platform: 'slack', workspace: 'T1', externalChatId: chat }, surface: 'merchant', user: { externalUserId: user, displayName: name, langTag: name },
          kind: 'message', text, actionId, fields: { reason: field }, files: [{ fileId: fileName, fileName, mimeType: fileName }], inReplyTo: reply, receivedAt: new Date(0),
        });
        for (const value of [event.deliveryId, event.address.externalChatId, event.user.externalUserId, event.user.displayName ?? '', event.user.langTag ?? '', event.address.workspace, event.files?.[0]?.fileId ?? '', event.files?.[0]?.mimeType ?? '', event.actionId ?? '', event.inReplyTo ?? '', event.files?.[0]?.fileName ?? '']) {
          expect(isStorableText(value)).toBe(true);
        }
        expect(event.text ?? '').not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
        expect(isStorableText(event.fields?.reason ?? '')).toBe(true);
        // Text that was already clean is kept as it is.
        if (isStorableText(user)) expect(event.user.externalUserId).toBe(user);
      }),
      fuzzParameters(100),
    );
  });
});

describe('fuzz: console API bodies', () => {
  const fixtures = [
    { chatId: 'c-1', text: '我要退货', lang: 'zh-CN', clientMessageId: 'm-1', attachments: [{ ref: 'upload:1', mimeType: 'image/png', sizeBytes: 3, fileName: 'a.png' }] },
    { chatId: 'c-1', actionId: 'menu:quality', clientActionId: 'a-1' },
  ];

  it('message and action schemas never throw; what they accept is storable and within limits', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, fc.constantFrom(...fixtures), ...fixtures.map(mutated)), (body) => {
        const message = consoleMessageSchema.safeParse(body);
        if (message.success) {
          expect(isStorableText(message.data.text)).toBe(true);
          expect(message.data.text.trim()).not.toBe('');
          expect(message.data.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
          for (const value of [message.data.clientMessageId, message.data.userName, message.data.lang, ...(message.data.attachments ?? []).map((a) => a.ref)]) {
            if (value !== undefined) expect(isStorableText(value)).toBe(true);
          }
        }
        const action = consoleActionSchema.safeParse(body);
        if (action.success) expect(isStorableText(action.data.actionId)).toBe(true);
      }),
      fuzzParameters(200),
    );
  });
});

describe('fuzz: calendar files and imports', () => {
  const validIcs = statutoryIcs(2027);
  const icsLines = validIcs.split('\r\n');
  const nearIcs = fc.tuple(fc.nat(), fc.nat(), fc.oneof(hostileText(30), fc.constantFrom('END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:99991399', 'DURATION:P9999999D', 'DTEND:2027', ' folded', '\r\n', ''))).map(
    ([at, cut, insert]) => {
      const lines = [...icsLines];
      lines.splice(at % (lines.length + 1), cut % 3, insert);
      return lines.join(at % 2 === 0 ? '\r\n' : '\n');
    },
  );

  it('parseIcs throws only calendar.ics_invalid; mergeImport only calendar.import_incomplete', () => {
    fc.assert(
      fc.property(fc.oneof(anyMessage, nearIcs, anyMessage.map((text) => ics(...allDayEvent('2027-10-01', '2027-10-07', text)))), fc.boolean(), (text, partial) => {
        let years: ReturnType<typeof parseIcs> | undefined;
        throwsOnly(['calendar.ics_invalid'], () => {
          years = parseIcs(text);
        });
        if (years) throwsOnly(['calendar.import_incomplete'], () => mergeImport(emptyCalendarData(), years ?? [], { partial }));
      }),
      fuzzParameters(100),
    );
    expect(parseIcs(validIcs).map((year) => year.year)).toContain(2027);
  });

  it('calendar file data, dates and instants are refused only with calendar codes', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutated({ version: 1, overrides: {}, imports: {} })), anyMessage, (value, text) => {
        throwsOnly(['calendar.file_invalid'], () => validateCalendarData(value, 'calendar.json'));
        throwsOnly(['calendar.date_invalid'], () => parseDate(text));
        throwsOnly(['calendar.date_invalid'], () => parseInstant(text, 'Asia/Shanghai'));
      }),
      fuzzParameters(100),
    );
  });
});

describe('fuzz: the answer checker', () => {
  // An answer is at most 2,000 characters (the model's reply schema, src/consult/llm-answerer.ts); the question is
  // whatever the merchant sent. (On 20,000 characters of "3天" or "a" the checker takes seconds: it is quadratic there.)
  it('checks any answer text without a throw; figures are finite and quoted from the text', () => {
    fc.assert(
      fc.property(anyMessage.map((text) => text.slice(0, 2_000)), anyMessage, (text, question) => {
        const figures = readFigures(text);
        for (const figure of figures) {
          expect(Number.isFinite(figure.value)).toBe(true);
          expect(FIGURE_UNITS).toContain(figure.unit);
          expect(text).toContain(figure.quote);
        }
        const ctx = { question, questionLang: 'zh' as const, merchant: { caseNumbers: ['RT-20261124-0007'], orderNumbers: ['AB123456'] }, allowedLinks: ['https://shop.example.com/'] };
        const result = checkAnswer(answerFromText(text), ctx, defaultPolicy, defaultClauses);
        expect(['pass', 'block']).toContain(result.verdict);
        expect(result.verdict === 'pass').toBe(result.violations.length === 0);
        for (const violation of result.violations) expect(ANSWER_RULE_IDS).toContain(violation.rule);
      }),
      fuzzParameters(100),
    );
  });
});
