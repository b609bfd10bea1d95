import { Decimal } from 'decimal.js';
import type { Instrument } from '../model/instrument.js';
import type { OrderSide } from '../model/orders.js';

/**
 * Money arithmetic for the account. decimal.js rounds every result to `precision` significant
 * digits (20 by default), which a cash balance of 10^10 with 8-decimal prices already exceeds;
 * 80 digits keeps sums and products of real prices and sizes exact.
 */
const Money = Decimal.clone({ precision: 80 });

/**
 * One instrument's position and the account's cash, in exact decimals. Average-cost accounting:
 * adding to a position moves the average; reducing it realises P&L against the average.
 * The position's total cost is kept rather than its average, so that closing a position
 * realises exactly proceeds minus cost even when the average is a repeating decimal (5/3).
 */
export class Account {
  cash: Decimal;
  /** Signed position in lots. */
  position = 0;
  /** Total cost of the open position (currency, >= 0): what was paid for a long, received for a short. */
  costBasis: Decimal = new Money(0);
  realized: Decimal = new Money(0);
  fees: Decimal = new Money(0);
  readonly startingCash: Decimal;

  constructor(
    readonly instrument: Instrument,
    startingCash: string,
  ) {
    this.cash = new Money(startingCash);
    this.startingCash = this.cash;
  }

  /** Starts from a position held before this run (lots, and what it cost in total). */
  carryPosition(lots: number, costBasis: string): void {
    this.position = lots;
    this.costBasis = new Money(costBasis);
  }

  /** Average entry price per instrument unit (currency), 0 when flat. */
  get avgPrice(): Decimal {
    return this.position === 0 ? new Money(0) : this.costBasis.dividedBy(this.units(Math.abs(this.position)));
  }

  /** Currency value of a price in ticks. */
  price(ticks: number): Decimal {
    return new Money(ticks).times(this.instrument.tickSize);
  }

  /** Instrument units (shares, coins) of a size in lots. */
  units(lots: number): Decimal {
    return new Money(lots).times(this.instrument.lotSize);
  }

  notional(priceTicks: number, lots: number): Decimal {
    return this.price(priceTicks).times(this.units(lots));
  }

  applyFill(side: OrderSide, priceTicks: number, lots: number, fee: Decimal): void {
    const signed = side === 'buy' ? lots : -lots;
    const notional = this.notional(priceTicks, lots);
    this.cash = side === 'buy' ? this.cash.minus(notional) : this.cash.plus(notional);
    this.cash = this.cash.minus(fee);
    this.fees = this.fees.plus(fee);
    const before = this.position;
    const after = before + signed;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      // Opening or adding: the cost grows by this fill's notional.
      this.costBasis = this.costBasis.plus(notional);
    } else {
      const closed = Math.min(Math.abs(before), lots);
      // The closed part's share of the cost; all of it when the position closes.
      const removed = closed === Math.abs(before) ? this.costBasis : this.costBasis.times(closed).dividedBy(Math.abs(before));
      const value = this.notional(priceTicks, closed);
      this.realized = this.realized.plus(before > 0 ? value.minus(removed) : removed.minus(value));
      this.costBasis = this.costBasis.minus(removed);
      // Flipped through flat: the rest opens a new position at this price.
      if (after !== 0 && Math.sign(after) !== Math.sign(before)) this.costBasis = this.notional(priceTicks, Math.abs(after));
    }
    this.position = after;
  }

  /** Mark-to-market value of the position at a price in ticks. */
  positionValue(markTicks: number): Decimal {
    return this.price(markTicks).times(this.units(this.position));
  }

  equity(markTicks: number | undefined): Decimal {
    return markTicks === undefined ? this.cash : this.cash.plus(this.positionValue(markTicks));
  }

  unrealized(markTicks: number | undefined): Decimal {
    if (markTicks === undefined || this.position === 0) return new Money(0);
    const value = this.notional(markTicks, Math.abs(this.position));
    return this.position > 0 ? value.minus(this.costBasis) : this.costBasis.minus(value);
  }
}
