import { describe, expect, it } from 'vitest';
import { SLOT_NAMES } from '../../src/conversation/intake-flows.ts';
import { messagesFor } from '../../src/conversation/messages/index.ts';
import { parseCorrection } from '../../src/domain/intake/index.ts';

// Issue #15 item 7: a correction that uses the summary's own label works for every label the summary shows, in both
// languages ("被投诉人改为 小王" as well as "数量改为 3"). Photos are sent again, never typed, so they have no label here.
const typed = SLOT_NAMES.filter((slot) => slot !== 'photos');

describe('corrections by the summary labels', () => {
  const zh = messagesFor('zh-CN').fieldLabel;
  const en = messagesFor('en').fieldLabel;

  it.each(typed)('zh: "<%s label>改为 …" and "<label>：…" name the field', (slot) => {
    expect(parseCorrection(`${zh[slot]}改为 小王`)).toEqual({ field: slot, value: '小王' });
    expect(parseCorrection(`${zh[slot]}：小王`)).toEqual({ field: slot, value: '小王' });
  });

  it.each(typed)('en: "change <%s label> to …", "<label>: …" and "<label> should be …" name the field', (slot) => {
    expect(parseCorrection(`change ${en[slot].toLowerCase()} to Tom`)).toEqual({ field: slot, value: 'Tom' });
    expect(parseCorrection(`${en[slot]}: Tom`)).toEqual({ field: slot, value: 'Tom' });
    expect(parseCorrection(`${en[slot]} should be Tom`)).toEqual({ field: slot, value: 'Tom' });
  });
});
