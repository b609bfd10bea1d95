import { Decimal } from 'decimal.js';
import type { Instrument } from '../model/instrument.js';
import type { OrderSide } from '../model/orders.js';

/**
 * Money arithmetic for the account. decimal.js rounds every result to `precision` significant
 * digits (20 by default), which a cash balance of 10^10 with 8-decimal prices already exceeds;
 * 80 digits keeps sums and products of real prices and sizes exact.
 */
const Money = Decimal.clone({ precision: 80 });

/** One instrument's holding in the account: lots, what they cost, and what trading it realised. */
export class Holding {
  /** Signed position in lots. */
  lots = 0;
  /** Total cost of the open position (currency, >= 0): what was paid for a long, received for a short. */
  costBasis: Decimal = new Money(0);
  realized: Decimal = new Money(0);
  fees: Decimal = new Money(0);

  /**
   * One lot at one tick in currency, as the nearest double: for the pre-trade check's float
   * comparisons, which answer only where rounding cannot change the answer (see risk/pre-trade.ts).
   */
  readonly unitValue: number;
  /** One lot at one tick in currency, exact. */
  readonly unit: Decimal;
  /** The tick and lot sizes as decimals, parsed once rather than from their text at every fill and sample. */
  private readonly tick: Decimal;
  private readonly lot: Decimal;

  constructor(readonly instrument: Instrument) {
    this.tick = new Money(instrument.tickSize);
    this.lot = new Money(instrument.lotSize);
    this.unit = this.tick.times(this.lot);
    this.unitValue = this.unit.toNumber();
  }

  /** Currency value of a price in ticks. */
  price(ticks: number): Decimal {
    return new Money(ticks).times(this.tick);
  }

  /** Instrument units (shares, coins) of a size in lots. */
  units(lots: number): Decimal {
    return new Money(lots).times(this.lot);
  }

  notional(priceTicks: number, lots: number): Decimal {
    // One exact product where ticks x lots is an exact integer in a double (every real fill):
    // the same value as price x units, which decimal.js writes out the same (it keeps no
    // trailing zeros), for a quarter of the work.
    const n = priceTicks * lots;
    return Number.isSafeInteger(n) && Number.isInteger(priceTicks) && Number.isInteger(lots) ? this.unit.times(n) : this.price(priceTicks).times(this.units(lots));
  }

  /** Average entry price per instrument unit (currency), 0 when flat. */
  get avgPrice(): Decimal {
    return this.lots === 0 ? new Money(0) : this.costBasis.dividedBy(this.units(Math.abs(this.lots)));
  }

  /** Mark-to-market value of the position at a price in ticks. */
  value(markTicks: number): Decimal {
    return this.price(markTicks).times(this.units(this.lots));
  }

  unrealized(markTicks: number | undefined): Decimal {
    if (markTicks === undefined || this.lots === 0) return new Money(0);
    const value = this.notional(markTicks, Math.abs(this.lots));
    return this.lots > 0 ? value.minus(this.costBasis) : this.costBasis.minus(value);
  }
}

/** A mark per instrument of the account, in its order; one number for a single instrument. */
export type Marks = number | undefined | readonly (number | undefined)[];

const markOf = (marks: Marks, i: number): number | undefined => (typeof marks === 'object' ? marks[i] : i === 0 ? marks : undefined);

/**
 * One cash balance and a position per instrument, in exact decimals. Average-cost accounting:
 * adding to a position moves the average; reducing it realises P&L against the average.
 * The position's total cost is kept rather than its average, so that closing a position
 * realises exactly proceeds minus cost even when the average is a repeating decimal (5/3).
 *
 * A run over several instruments holds them all here, the first being the run's primary one:
 * `position`, `costBasis`, `avgPrice` and `notional` speak of it, as they always did for an
 * account of one instrument; `realized` and `fees` are the account's totals.
 */
export class Account {
  cash: Decimal;
  realized: Decimal = new Money(0);
  fees: Decimal = new Money(0);
  readonly startingCash: Decimal;
  readonly holdings: readonly Holding[];

  constructor(instruments: Instrument | readonly Instrument[], startingCash: string) {
    const list = Array.isArray(instruments) ? (instruments as readonly Instrument[]) : [instruments as Instrument];
    if (list.length === 0) throw new Error('an account needs at least one instrument');
    this.holdings = list.map((i) => new Holding(i));
    this.cash = new Money(startingCash);
    this.startingCash = this.cash;
  }

  get instrument(): Instrument {
    return this.holdings[0].instrument;
  }

  private cashSeen: Decimal | undefined;
  private cashNumber = 0;

  /** The cash as the nearest double (recomputed only when the balance changes: a Decimal is never changed in place). */
  cashValue(): number {
    if (this.cash !== this.cashSeen) {
      this.cashSeen = this.cash;
      this.cashNumber = this.cash.toNumber();
    }
    return this.cashNumber;
  }

  /** Signed position in lots of the first instrument. */
  get position(): number {
    return this.holdings[0].lots;
  }

  get costBasis(): Decimal {
    return this.holdings[0].costBasis;
  }

  /** Starts an instrument (the first unless `market` says) from a position held before this run (lots, and what it cost in total). */
  carryPosition(lots: number, costBasis: string, market = 0): void {
    this.holdings[market].lots = lots;
    this.holdings[market].costBasis = new Money(costBasis);
  }

  /** Average entry price per unit of the first instrument (currency), 0 when flat. */
  get avgPrice(): Decimal {
    return this.holdings[0].avgPrice;
  }

  price(ticks: number): Decimal {
    return this.holdings[0].price(ticks);
  }

  units(lots: number): Decimal {
    return this.holdings[0].units(lots);
  }

  notional(priceTicks: number, lots: number): Decimal {
    return this.holdings[0].notional(priceTicks, lots);
  }

  /** Books a fill of the instrument at `market` (its place in the account, 0 for the first). */
  applyFill(side: OrderSide, priceTicks: number, lots: number, fee: Decimal, market = 0): void {
    const h = this.holdings[market];
    const signed = side === 'buy' ? lots : -lots;
    const notional = h.notional(priceTicks, lots);
    this.cash = side === 'buy' ? this.cash.minus(notional) : this.cash.plus(notional);
    // No fee (the default model's every fill) changes no balance: the three sums would give back what they were given.
    if (!fee.isZero()) {
      this.cash = this.cash.minus(fee);
      this.fees = this.fees.plus(fee);
      h.fees = h.fees.plus(fee);
    }
    const before = h.lots;
    const after = before + signed;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      // Opening or adding: the cost grows by this fill's notional.
      h.costBasis = h.costBasis.plus(notional);
    } else {
      const closed = Math.min(Math.abs(before), lots);
      // The closed part's share of the cost; all of it when the position closes.
      const removed = closed === Math.abs(before) ? h.costBasis : h.costBasis.times(closed).dividedBy(Math.abs(before));
      const value = h.notional(priceTicks, closed);
      const gain = before > 0 ? value.minus(removed) : removed.minus(value);
      this.realized = this.realized.plus(gain);
      h.realized = h.realized.plus(gain);
      h.costBasis = h.costBasis.minus(removed);
      // Flipped through flat: the rest opens a new position at this price.
      if (after !== 0 && Math.sign(after) !== Math.sign(before)) h.costBasis = h.notional(priceTicks, Math.abs(after));
    }
    h.lots = after;
  }

  /** Mark-to-market value of the first instrument's position at a price in ticks. */
  positionValue(markTicks: number): Decimal {
    return this.holdings[0].value(markTicks);
  }

  /** Cash plus every position at its mark; a position without a mark counts nothing. */
  equity(marks: Marks): Decimal {
    let e = this.cash;
    for (let i = 0; i < this.holdings.length; i++) {
      const m = markOf(marks, i);
      if (m !== undefined) e = e.plus(this.holdings[i].value(m));
    }
    return e;
  }

  /** Unrealized P&L of every position at its mark. */
  unrealized(marks: Marks): Decimal {
    if (this.holdings.length === 1) return this.holdings[0].unrealized(markOf(marks, 0));
    let u = new Money(0);
    for (let i = 0; i < this.holdings.length; i++) u = u.plus(this.holdings[i].unrealized(markOf(marks, i)));
    return u;
  }
}
