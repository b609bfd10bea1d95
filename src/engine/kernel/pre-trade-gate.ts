import type { RejectReason } from '../model/orders.js';
import type { Account } from '../portfolio/account.js';
import { checkOrder, type RiskInputs } from '../risk/pre-trade.js';
import type { NewOrder } from '../strategy.js';
import type { MarketSlot } from './market-slot.js';
import type { OpenOrders } from './open-orders.js';

/**
 * The pre-trade check of each order the strategy sends, against its instrument's limits and the
 * whole account (buying power across instruments). What the check reads is refilled in one object
 * for every order, as checkOrder keeps none of it and a market maker sends tens of thousands.
 */
export class PreTradeGate {
  private readonly inputs: RiskInputs;

  constructor(
    account: Account,
    private readonly slots: readonly MarketSlot[],
    private readonly open: OpenOrders,
    /** Every instrument's mark, shared with the equity samples (each refills it before reading). */
    private readonly marks: (number | undefined)[],
  ) {
    this.inputs = { account, priceTicks: undefined, markTicks: undefined, openSameSide: 0, market: 0, marks: undefined };
  }

  /** Why an order is refused, or undefined when it may go to its venue. */
  check(req: NewOrder, slot: MarketSlot, clientId: string): RejectReason | undefined {
    // The strategy's book only for an order without a limit (a read out of step may bring a copy of it).
    const price = req.limit ?? (req.side === 'buy' ? slot.book.current().bestAsk() : slot.book.current().bestBid());
    const several = this.slots.length > 1;
    if (several) for (let i = 0; i < this.slots.length; i++) this.marks[i] = this.slots[i].mark();
    const inputs = this.inputs;
    inputs.priceTicks = price;
    inputs.markTicks = slot.mark();
    inputs.openSameSide = this.open.lots(slot, req.side, clientId);
    inputs.market = slot.index;
    inputs.marks = several ? this.marks : undefined;
    return checkOrder(req, slot.risk, inputs);
  }
}
