import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../src/domain/cases/case-machines.ts';
import type { CaseType } from '../../../src/domain/cases/case-machines.ts';
import { CASE_NUMBER_PREFIXES, caseNumber, caseNumberDay, normalizeCaseNumber } from '../../../src/domain/sla/index.ts';
import { SH } from './sla-fixtures.ts';

describe('caseNumber', () => {
  it.each<[CaseType, string, number, string]>([
    ['quality', '20261124', 1, 'QP-20261124-0001'],
    ['return', '20261124', 7, 'RT-20261124-0007'],
    ['exchange', '20261231', 42, 'EX-20261231-0042'],
    ['consultation_followup', '20270101', 999, 'CF-20270101-0999'],
    ['complaint', '20261124', 9999, 'CP-20261124-9999'],
    ['return', '20261124', 10000, 'RT-20261124-10000'],
  ])('%s on %s #%d → %s', (type, day, seq, expected) => {
    expect(caseNumber(type, day, seq)).toBe(expected);
  });

  it('gives every type its own prefix', () => {
    expect(new Set(CASE_TYPES.map((type) => CASE_NUMBER_PREFIXES[type])).size).toBe(CASE_TYPES.length);
  });

  it.each<[string, number]>([
    ['2026-11-24', 1],
    ['2026112', 1],
    ['20261124', 0],
    ['20261124', -1],
    ['20261124', 1.5],
  ])('refuses day %s / seq %d', (day, seq) => {
    expect(() => caseNumber('return', day, seq)).toThrow(RangeError);
  });

  it.each<[string, string]>([
    ['2026-11-23T15:59:59Z', '20261123'],
    ['2026-11-23T16:00:00Z', '20261124'],
    ['2026-12-31T16:30:00Z', '20270101'],
  ])('numbers by the business-local day: %s → %s', (at, day) => {
    expect(caseNumberDay(new Date(at), SH)).toBe(day);
  });

  it.each<[string, string | null]>([
    ['RT-20261124-0007', 'RT-20261124-0007'],
    ['  rt-20261124-0007 ', 'RT-20261124-0007'],
    ['RT-20261124-10000', 'RT-20261124-10000'],
    ['RT-20261124-7', null],
    ['XX-20261124-0007', null],
    ['RT20261124-0007', null],
    ['', null],
  ])('normalizes %j → %j', (input, expected) => {
    expect(normalizeCaseNumber(input)).toBe(expected);
  });
});

describe('caseNumber properties', () => {
  const dayArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => caseNumberDay(d, SH));
  it('is canonical, and distinct inputs give distinct numbers sorting by sequence', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_TYPES), dayArb, fc.integer({ min: 1, max: 9998 }), (type, day, seq) => {
        const number = caseNumber(type, day, seq);
        expect(normalizeCaseNumber(number.toLowerCase())).toBe(number);
        const next = caseNumber(type, day, seq + 1);
        expect(next).not.toBe(number);
        expect(next > number).toBe(true);
      }),
    );
  });
});
