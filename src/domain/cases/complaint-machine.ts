import type { MachineDefinition } from './machine-definition.ts';

/**
 * Complaint about staff (contract 4.3.2): handled by managers only, so the staff member
 * concerned can never review or close it. The handling clock (an internal target: the contract
 * sets no number) runs from the recording to the manager's conclusion.
 */
export const complaintMachine = {
  states: ['recorded', 'under_review', 'resolved', 'closed'],
  initial: 'recorded',
  terminal: ['closed'],
  openedBy: ['merchant'],
  startsOnOpen: ['complaint_handling'],
  transitions: [
    { event: 'startReview', from: ['recorded'], to: 'under_review', actors: ['manager'], requires: [], deadlines: {} },
    { event: 'resolve', from: ['under_review'], to: 'resolved', actors: ['manager'], requires: ['note'], deadlines: { complete: ['complaint_handling'] } },
    { event: 'close', from: ['resolved'], to: 'closed', actors: ['manager', 'system'], requires: [], deadlines: {} },
  ],
} as const satisfies MachineDefinition;
