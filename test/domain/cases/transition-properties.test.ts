import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS } from '../../../src/domain/cases/actors.ts';
import { applyTransition, openCase } from '../../../src/domain/cases/apply-transition.ts';
import type { TransitionCommand } from '../../../src/domain/cases/case-events.ts';
import type { CaseStatus } from '../../../src/domain/cases/case-machines.ts';
import { CASE_EVENT_NAMES, CASE_TYPES, machineOf } from '../../../src/domain/cases/case-machines.ts';
import { allowedEvents, isTerminal, transitionFor } from '../../../src/domain/cases/case-queries.ts';
import { AT, fullCommand } from './transition-fixtures.ts';

// Inputs range over valid, blank, invalid and absent, so every refusal code is exercised.
const inputValue: fc.Arbitrary<string | undefined> = fc.constantFrom(undefined, '', '  ', 'repair', 'compensation', 'SF1234567890', 'x', '上海市XX路1号');

const commandArb: fc.Arbitrary<TransitionCommand> = fc.record({
  event: fc.constantFrom(...CASE_EVENT_NAMES),
  actor: fc.record({ kind: fc.constantFrom(...ACTOR_KINDS), id: fc.constantFrom('u1', 'u2') }),
  at: fc.constant(AT),
  reason: inputValue,
  fields: fc.record({ remedy: inputValue, address: inputValue, trackingNumber: inputValue, note: inputValue }),
}).map(({ reason, fields, ...rest }) => ({
  ...rest,
  ...(reason === undefined ? {} : { reason }),
  fields: Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  ),
}));

// Half the steps pick an event some actor may do now, so sequences get deep into every table.
const stepArb = fc.record({ guided: fc.boolean(), pick: fc.nat(), command: commandArb });

describe('properties of the state machines', () => {
  it('random command sequences stay inside the table; refusals change nothing', () => {
    const visited = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...CASE_TYPES), fc.array(stepArb, { maxLength: 40 }), (type, steps) => {
        const machine = machineOf(type);
        const opened = openCase(type, { actor: { kind: 'system' }, at: AT });
        let status: CaseStatus = opened.ok ? opened.status : (machine.initial as CaseStatus);
        visited.add(`${type}.${status}`);
        for (const { guided, pick, command: randomCommand } of steps) {
          const choices = ACTOR_KINDS.flatMap((kind) => allowedEvents(type, status, kind).map((event) => ({ event, kind })));
          const choice = choices[pick % Math.max(choices.length, 1)];
          const command = guided && choice ? fullCommand(choice.event, choice.kind) : randomCommand;
          const before = status;
          const result = applyTransition(type, status, command);
          if (guided && choice) expect(result.ok).toBe(true);
          if (result.ok) {
            const row = transitionFor(type, before, command.event);
            expect(row).toBeDefined();
            expect(machine.states).toContain(result.status);
            expect(result.status).toBe(row?.to);
            expect(result.event).toMatchObject({ from: before, to: result.status, event: command.event });
            status = result.status;
            visited.add(`${type}.${status}`);
          } else {
            expect(result).not.toHaveProperty('status');
            expect(result).not.toHaveProperty('event');
            // Refusing is deterministic: the same command against the same status is refused the same way.
            expect(applyTransition(type, before, command)).toEqual(result);
          }
          if (isTerminal(type, status)) {
            expect(ACTOR_KINDS.flatMap((kind) => allowedEvents(type, status, kind))).toEqual([]);
          }
        }
      }),
      // Enough runs that every state of every table is reached by chance too (500 missed goods_shipped once in CI).
      { numRuns: 2_000 },
    );
    const everyState = CASE_TYPES.flatMap((type) => machineOf(type).states.map((status) => `${type}.${status}`));
    expect([...visited].sort()).toEqual([...everyState].sort());
  });

  it('allowedEvents lists exactly the events that succeed with complete inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_TYPES).chain((type) =>
          fc.tuple(fc.constant(type), fc.constantFrom(...machineOf(type).states)),
        ),
        fc.constantFrom(...ACTOR_KINDS),
        fc.constantFrom(...CASE_EVENT_NAMES),
        ([type, status], kind, event) => {
          const listed = allowedEvents(type, status as CaseStatus, kind).includes(event);
          expect(applyTransition(type, status as CaseStatus, fullCommand(event, kind)).ok).toBe(listed);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
