import type { MachineDefinition } from './machine-definition.ts';

/** Exchange (contract 3.2): the return table, ending in `exchanged` instead of `refunded`. */
export const exchangeMachine = {
  states: ['requested', 'approved', 'rejected', 'awaiting_goods', 'goods_shipped', 'goods_received', 'exchanged', 'closed', 'cancelled'],
  initial: 'requested',
  terminal: ['closed', 'cancelled'],
  openedBy: ['merchant', 'staff'],
  startsOnOpen: ['review'],
  transitions: [
    { event: 'approve', from: ['requested'], to: 'approved', actors: ['staff'], requires: [], deadlines: { complete: ['review'] } },
    { event: 'reject', from: ['requested'], to: 'rejected', actors: ['staff'], requires: ['reason'], deadlines: { complete: ['review'] } },
    { event: 'giveReturnAddress', from: ['approved'], to: 'awaiting_goods', actors: ['staff'], requires: ['address'], deadlines: {} },
    { event: 'markShipped', from: ['awaiting_goods'], to: 'goods_shipped', actors: ['merchant', 'staff'], requires: ['trackingNumber'], deadlines: {} },
    { event: 'markGoodsReceived', from: ['awaiting_goods', 'goods_shipped'], to: 'goods_received', actors: ['staff'], requires: [], deadlines: { start: ['refund_or_exchange'] } },
    { event: 'exchange', from: ['goods_received'], to: 'exchanged', actors: ['staff'], requires: [], deadlines: { complete: ['refund_or_exchange'] } },
    { event: 'close', from: ['exchanged', 'rejected'], to: 'closed', actors: ['staff', 'system'], requires: [], deadlines: {} },
    { event: 'cancel', from: ['requested', 'approved', 'awaiting_goods'], to: 'cancelled', actors: ['merchant'], requires: [], deadlines: { cancel: ['review'] } },
  ],
} as const satisfies MachineDefinition;
