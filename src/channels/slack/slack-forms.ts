import type { InputBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { formFieldNames, type FormButton, type FormFieldName } from '../../contracts/channel.ts';
import { truncate } from './slack-text.ts';

/**
 * Staff steps that need fields (3.2.2 reason, 3.2.3 address, a tracking number) open a Slack
 * modal. The rendered button's `value` carries the form spec compactly, so the press can open
 * the modal at once (a `trigger_id` expires after 3 s) without a lookup; the modal's
 * `private_metadata` carries the button's action id, and the submission becomes the action.
 */

export type FormSpec = NonNullable<FormButton['form']>;

/** Slack's limits for the pieces of a modal and a button value. */
export const formLimits = { buttonValue: 2000, modalTitle: 24, inputLabel: 2000, inputMaxLength: 3000, privateMetadata: 3000 } as const;

/** The `callback_id` of our modals; submissions of other views are ignored. */
export const FORM_CALLBACK_ID = 'intake_form';

const VALUE_PREFIX = 'form1:';

/** Fields a staff may leave empty; all others are required. */
const optionalFields: ReadonlySet<FormFieldName> = new Set(['note']);

const compactSchema = z.object({
  t: z.string(),
  f: z.array(z.tuple([z.enum(formFieldNames), z.string(), z.union([z.literal(0), z.literal(1)])])).min(1).max(formFieldNames.length),
});

function uniqueFields(form: FormSpec): FormSpec['fields'] {
  const seen = new Set<FormFieldName>();
  return form.fields.filter((field) => !seen.has(field.name) && seen.add(field.name));
}

/** Encodes a form spec into a button value of at most 2000 characters (labels are shortened if needed). */
export function encodeFormValue(form: FormSpec): string {
  const fields = uniqueFields(form);
  for (let labelMax: number = formLimits.inputLabel; ; labelMax = Math.floor(labelMax / 2)) {
    const compact = {
      t: truncate(form.title, formLimits.modalTitle),
      f: fields.map((field) => [field.name, truncate(field.label, labelMax), field.multiline ? 1 : 0]),
    };
    const value = VALUE_PREFIX + JSON.stringify(compact);
    if (value.length <= formLimits.buttonValue || labelMax <= 1) return value;
  }
}

/** Reads a form spec back from a button value; undefined for a plain button or anything malformed. */
export function decodeFormValue(value: string | undefined): FormSpec | undefined {
  if (!value?.startsWith(VALUE_PREFIX)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value.slice(VALUE_PREFIX.length));
  } catch {
    return undefined;
  }
  const parsed = compactSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return {
    title: parsed.data.t,
    fields: parsed.data.f.map(([name, label, multiline]) => ({ name, label, ...(multiline ? { multiline: true } : {}) })),
  };
}

/** What a modal remembers of the press that opened it. */
export interface FormMetadata {
  /** The pressed button's `action_id` as rendered (may be a `tok:` short token). */
  actionId: string;
  channel: string;
  messageTs?: string;
}

const metadataSchema = z.object({ actionId: z.string().min(1), channel: z.string().min(1), messageTs: z.string().optional() });

/** Parses a modal's `private_metadata`; undefined when it is not ours. */
export function decodeFormMetadata(text: string): FormMetadata | undefined {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The modal `views.open` shows for a form button: one plain_text_input per field. */
export function buildFormModal(form: FormSpec, metadata: FormMetadata): ModalView {
  const blocks: InputBlock[] = uniqueFields(form).map((field) => ({
    type: 'input',
    block_id: field.name,
    optional: optionalFields.has(field.name),
    label: { type: 'plain_text', text: truncate(field.label || field.name, formLimits.inputLabel) },
    element: { type: 'plain_text_input', action_id: 'value', multiline: field.multiline ?? false, max_length: formLimits.inputMaxLength },
  }));
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: { type: 'plain_text', text: truncate(form.title.trim() || '表单 Form', formLimits.modalTitle) },
    submit: { type: 'plain_text', text: '提交 Submit' },
    close: { type: 'plain_text', text: '取消 Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** The outcome of reading a submitted modal: the fields, or errors per block for `response_action: 'errors'`. */
export type FormReading =
  | { ok: true; fields: Partial<Record<FormFieldName, string>> }
  | { ok: false; errors: Record<string, string> };

/** Reads the submitted values (trimmed); a required field that is blank is an error shown under it. */
export function readFormValues(values: Record<string, Record<string, { value?: string | null | undefined }>>): FormReading {
  const fields: Partial<Record<FormFieldName, string>> = {};
  const errors: Record<string, string> = {};
  for (const name of formFieldNames) {
    const block = values[name];
    if (!block) continue;
    const value = (block.value?.value ?? '').trim();
    if (value) fields[name] = value;
    else if (!optionalFields.has(name)) errors[name] = '必填 / Required';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, fields };
}
