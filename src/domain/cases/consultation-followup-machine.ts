import type { MachineDefinition } from './machine-definition.ts';

/** Consultation follow-up (contract 3.3.3): opened when a merchant is not satisfied with an answer. */
export const consultationFollowupMachine = {
  states: ['open', 'contacted', 'resolved', 'closed', 'cancelled'],
  initial: 'open',
  terminal: ['closed', 'cancelled'],
  // `system` opens it when the merchant taps "not satisfied" under an answer.
  openedBy: ['merchant', 'system'],
  startsOnOpen: ['followup_contact'],
  transitions: [
    { event: 'contact', from: ['open'], to: 'contacted', actors: ['staff'], requires: [], deadlines: { complete: ['followup_contact'] } },
    { event: 'resolve', from: ['contacted'], to: 'resolved', actors: ['staff'], requires: [], deadlines: {} },
    { event: 'close', from: ['resolved'], to: 'closed', actors: ['staff', 'system'], requires: [], deadlines: {} },
    { event: 'cancel', from: ['open'], to: 'cancelled', actors: ['merchant'], requires: [], deadlines: { cancel: ['followup_contact'] } },
  ],
} as const satisfies MachineDefinition;
