import type { MachineDefinition } from './machine-definition.ts';

/** Return (contract 3.2): review, return address, goods back, refund. */
export const returnMachine = {
  states: ['requested', 'approved', 'rejected', 'awaiting_goods', 'goods_shipped', 'goods_received', 'refunded', 'closed', 'cancelled'],
  initial: 'requested',
  terminal: ['closed', 'cancelled'],
  openedBy: ['merchant', 'staff'],
  startsOnOpen: ['review'],
  transitions: [
    // 3.2.2: approve, or reject with a reason, within the review SLA.
    { event: 'approve', from: ['requested'], to: 'approved', actors: ['staff'], requires: [], deadlines: { complete: ['review'] } },
    { event: 'reject', from: ['requested'], to: 'rejected', actors: ['staff'], requires: ['reason'], deadlines: { complete: ['review'] } },
    // 3.2.3: the merchant ships to the address staff designate.
    { event: 'giveReturnAddress', from: ['approved'], to: 'awaiting_goods', actors: ['staff'], requires: ['address'], deadlines: {} },
    // Staff may enter the number for a merchant who gave it by phone.
    { event: 'markShipped', from: ['awaiting_goods'], to: 'goods_shipped', actors: ['merchant', 'staff'], requires: ['trackingNumber'], deadlines: {} },
    // Also from awaiting_goods: parcels arrive without a tracking number, and the 3.2.4 clock must still start.
    { event: 'markGoodsReceived', from: ['awaiting_goods', 'goods_shipped'], to: 'goods_received', actors: ['staff'], requires: [], deadlines: { start: ['refund_or_exchange'] } },
    // 3.2.4: refund within the SLA after the goods are back.
    { event: 'refund', from: ['goods_received'], to: 'refunded', actors: ['staff'], requires: [], deadlines: { complete: ['refund_or_exchange'] } },
    { event: 'close', from: ['refunded', 'rejected'], to: 'closed', actors: ['staff', 'system'], requires: [], deadlines: {} },
    // The merchant may withdraw until the goods are on their way back.
    { event: 'cancel', from: ['requested', 'approved', 'awaiting_goods'], to: 'cancelled', actors: ['merchant'], requires: [], deadlines: { cancel: ['review'] } },
  ],
} as const satisfies MachineDefinition;
