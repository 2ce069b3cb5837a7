import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadlineRule } from '../../src/domain/policy/deadline-rule.ts';
import { loadPolicy } from '../../src/policy/policy-file.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('POLICY_FILE', () => {
  it('without a file the contract numbers apply', async () => {
    const policy = await loadPolicy(undefined);
    expect(deadlineRule(policy, 'returnReview')).toMatchObject({ workingDays: 2, clause: '3.2.2' });
    expect(deadlineRule(policy, 'returnRequestWindow')).toMatchObject({ workingDays: 7, clause: '3.2.1' });
  });

  it('an operator file changes a number and keeps the clause it cites', async () => {
    const policy = await loadPolicy(write('longer.json', JSON.stringify({ deadlines: { returnReview: { workingDays: 3 } } })));
    expect(deadlineRule(policy, 'returnReview')).toMatchObject({ workingDays: 3, clause: '3.2.2' });
    expect(deadlineRule(policy, 'qualityFirstContact').workingDays).toBe(2);
  });

  it.each([
    ['not JSON', '{ deadlines:'],
    ['a negative number', JSON.stringify({ deadlines: { returnReview: { workingDays: -1 } } })],
    ['an unknown deadline', JSON.stringify({ deadlines: { coffeeBreak: { workingDays: 1 } } })],
  ])('refuses %s with policy.invalid naming the problem', async (_label, text) => {
    await expect(loadPolicy(write('bad.json', text))).rejects.toMatchObject({ code: 'policy.invalid' });
  });

  it('refuses a missing file clearly', async () => {
    await expect(loadPolicy(path.join(dir, 'nope.json'))).rejects.toThrow(/POLICY_FILE .*nope\.json/);
  });
});
