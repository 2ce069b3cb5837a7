import type { MachineDefinition } from './machine-definition.ts';

/** Quality problem (contract 3.1): report, first contact within the SLA, remedy, notify, close. */
export const qualityMachine = {
  states: ['reported', 'contacted', 'in_progress', 'resolved', 'closed', 'cancelled'],
  initial: 'reported',
  terminal: ['closed', 'cancelled'],
  openedBy: ['merchant', 'staff'],
  startsOnOpen: ['first_contact'],
  transitions: [
    // 3.1.2: the first contact is the SLA-timed step.
    { event: 'contact', from: ['reported'], to: 'contacted', actors: ['staff'], requires: [], deadlines: { complete: ['first_contact'] } },
    { event: 'startProcessing', from: ['contacted'], to: 'in_progress', actors: ['staff'], requires: [], deadlines: {} },
    // 3.1.3: a simple case may be resolved straight after the first contact.
    { event: 'resolve', from: ['contacted', 'in_progress'], to: 'resolved', actors: ['staff'], requires: ['remedy'], deadlines: {} },
    { event: 'close', from: ['resolved'], to: 'closed', actors: ['staff', 'system'], requires: [], deadlines: {} },
    // Once staff have called, the merchant can no longer withdraw the report on their own.
    { event: 'cancel', from: ['reported'], to: 'cancelled', actors: ['merchant'], requires: [], deadlines: { cancel: ['first_contact'] } },
  ],
} as const satisfies MachineDefinition;
