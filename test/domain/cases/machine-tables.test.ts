import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS, effectiveActors } from '../../../src/domain/cases/actors.ts';
import { applyTransition, openCase } from '../../../src/domain/cases/apply-transition.ts';
import { CASE_FIELDS } from '../../../src/domain/cases/case-fields.ts';
import { caseEventRecordSchema } from '../../../src/domain/cases/case-events.ts';
import { CASE_TYPES, caseStateSchema, machineOf } from '../../../src/domain/cases/case-machines.ts';
import { SLA_STEPS } from '../../../src/domain/cases/sla-steps.ts';
import { AT, asStatus, fullCommand } from './transition-fixtures.ts';

// Written by hand from the contract and the brief, independently of the tables:
// "type: from -event-> to [actors] {sla effects}". A typo in a table makes the derived list differ.
const EXPECTED_ROWS = [
  'quality: reported -contact-> contacted [staff] {complete:first_contact}',
  'quality: contacted -startProcessing-> in_progress [staff] {}',
  'quality: contacted -resolve-> resolved [staff] {}',
  'quality: in_progress -resolve-> resolved [staff] {}',
  'quality: resolved -close-> closed [staff,system] {}',
  'quality: reported -cancel-> cancelled [merchant] {cancel:first_contact}',
  ...['return', 'exchange'].flatMap((type) => {
    const [done, finish] = type === 'return' ? ['refunded', 'refund'] : ['exchanged', 'exchange'];
    return [
      `${type}: requested -approve-> approved [staff] {complete:review}`,
      `${type}: requested -reject-> rejected [staff] {complete:review}`,
      `${type}: approved -giveReturnAddress-> awaiting_goods [staff] {}`,
      `${type}: awaiting_goods -markShipped-> goods_shipped [merchant,staff] {}`,
      `${type}: awaiting_goods -markGoodsReceived-> goods_received [staff] {start:refund_or_exchange}`,
      `${type}: goods_shipped -markGoodsReceived-> goods_received [staff] {start:refund_or_exchange}`,
      `${type}: goods_received -${finish}-> ${done} [staff] {complete:refund_or_exchange}`,
      `${type}: ${done} -close-> closed [staff,system] {}`,
      `${type}: rejected -close-> closed [staff,system] {}`,
      `${type}: requested -cancel-> cancelled [merchant] {cancel:review}`,
      `${type}: approved -cancel-> cancelled [merchant] {cancel:review}`,
      `${type}: awaiting_goods -cancel-> cancelled [merchant] {cancel:review}`,
    ];
  }),
  'consultation_followup: open -contact-> contacted [staff] {complete:followup_contact}',
  'consultation_followup: contacted -resolve-> resolved [staff] {}',
  'consultation_followup: resolved -close-> closed [staff,system] {}',
  'consultation_followup: open -cancel-> cancelled [merchant] {cancel:followup_contact}',
  'complaint: recorded -startReview-> under_review [manager] {}',
  'complaint: under_review -resolve-> resolved [manager] {complete:complaint_handling}',
  'complaint: resolved -close-> closed [manager,system] {}',
];

const EXPECTED_REQUIRED = {
  'quality.resolve': ['remedy'],
  'return.reject': ['reason'],
  'return.giveReturnAddress': ['address'],
  'return.markShipped': ['trackingNumber'],
  'exchange.reject': ['reason'],
  'exchange.giveReturnAddress': ['address'],
  'exchange.markShipped': ['trackingNumber'],
  'complaint.resolve': ['note'],
};

function describeRows(): string[] {
  return CASE_TYPES.flatMap((type) =>
    machineOf(type).transitions.flatMap((row) =>
      row.from.map((from) => {
        const effects = Object.entries(row.deadlines)
          .map(([kind, steps]) => `${kind}:${(steps as readonly string[]).join(',')}`)
          .join(' ');
        return `${type}: ${from} -${row.event}-> ${row.to} [${row.actors.join(',')}] {${effects}}`;
      }),
    ),
  );
}

describe('the state tables', () => {
  it('match the handwritten list of transitions exactly', () => {
    expect([...describeRows()].sort()).toEqual([...EXPECTED_ROWS].sort());
  });

  it('require exactly the handwritten inputs', () => {
    const required = Object.fromEntries(
      CASE_TYPES.flatMap((type) =>
        machineOf(type)
          .transitions.filter((row) => row.requires.length > 0)
          .map((row) => [`${type}.${row.event}`, [...row.requires]]),
      ),
    );
    expect(required).toEqual(EXPECTED_REQUIRED);
  });

  it.each(CASE_TYPES)('%s: every row is well-formed and deterministic', (type) => {
    const machine = machineOf(type);
    const seen = new Set<string>();
    for (const row of machine.transitions) {
      expect(machine.states).toContain(row.to);
      expect(row.actors.length).toBeGreaterThan(0);
      for (const field of row.requires) expect(Object.keys(CASE_FIELDS)).toContain(field);
      for (const steps of Object.values(row.deadlines)) for (const step of steps) expect(SLA_STEPS).toContain(step);
      for (const from of row.from) {
        expect(machine.states).toContain(from);
        expect(seen.has(`${row.event}@${from}`), `${row.event} twice from ${from}`).toBe(false);
        seen.add(`${row.event}@${from}`);
      }
    }
  });

  it.each(CASE_TYPES)('%s: terminal states have no way out, every other state has one', (type) => {
    const machine = machineOf(type);
    for (const status of machine.states) {
      const outgoing = machine.transitions.filter((row) => row.from.includes(status));
      if (machine.terminal.includes(status)) expect(outgoing, status).toEqual([]);
      else expect(outgoing.length, status).toBeGreaterThan(0);
    }
  });

  it.each(CASE_TYPES)('%s: every state is reachable from the initial one and can reach a terminal one', (type) => {
    const machine = machineOf(type);
    const reached = new Set([machine.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const row of machine.transitions) {
        if (row.from.some((from) => reached.has(from)) && !reached.has(row.to)) {
          reached.add(row.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...machine.states].sort());
    expect(machine.terminal.length).toBeGreaterThan(0);
  });
});

describe('every allowed transition, generated from the tables', () => {
  const cases = CASE_TYPES.flatMap((type) =>
    machineOf(type).transitions.flatMap((row) =>
      row.from.flatMap((from) => effectiveActors(row.actors).map((actor) => ({ type, from, row, actor }))),
    ),
  );

  it.each(cases)('$type: $from -$row.event-> by $actor', ({ type, from, row, actor }) => {
    const result = applyTransition(type, asStatus(from), fullCommand(row.event, actor));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe(row.to);
    expect(result.deadlineEffects).toEqual(row.deadlines);
    expect(result.event).toMatchObject({ caseType: type, event: row.event, from, to: row.to, actor: { kind: actor, id: `${actor}-1` } });
    expect(result.event.at).toEqual(AT);
    expect(caseEventRecordSchema.safeParse(result.event).success).toBe(true);
    expect(caseStateSchema.safeParse({ type, status: result.status }).success).toBe(true);
  });

  it.each(cases)('$type: $from -$row.event-> refuses every other actor kind', ({ type, from, row }) => {
    for (const kind of ACTOR_KINDS.filter((kind) => !effectiveActors(row.actors).includes(kind))) {
      const result = applyTransition(type, asStatus(from), fullCommand(row.event, kind));
      expect(result).toMatchObject({ ok: false, code: 'case.actor_not_allowed' });
    }
  });
});

describe('opening a case', () => {
  it.each([
    ['quality', 'reported', { start: ['first_contact'] }],
    ['return', 'requested', { start: ['review'] }],
    ['exchange', 'requested', { start: ['review'] }],
    ['consultation_followup', 'open', { start: ['followup_contact'] }],
    ['complaint', 'recorded', { start: ['complaint_handling'] }],
  ] as const)('%s starts %s with its SLA clocks', (type, status, effects) => {
    const result = openCase(type, { actor: { kind: 'merchant', id: 'm1' }, at: AT, fields: { orderNumber: 'A1' } });
    expect(result).toMatchObject({ ok: true, status, deadlineEffects: effects });
    if (result.ok) {
      expect(result.event).toMatchObject({ event: 'open', from: null, to: status, fields: { orderNumber: 'A1' } });
      expect(caseEventRecordSchema.safeParse(result.event).success).toBe(true);
    }
  });

  it('lets only the merchant open a complaint, and the system open a follow-up', () => {
    expect(openCase('complaint', { actor: { kind: 'staff' }, at: AT })).toMatchObject({ ok: false, code: 'case.actor_not_allowed' });
    expect(openCase('consultation_followup', { actor: { kind: 'system' }, at: AT }).ok).toBe(true);
    expect(openCase('quality', { actor: { kind: 'system' }, at: AT }).ok).toBe(false);
  });
});
