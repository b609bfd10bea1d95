import { Decimal } from 'decimal.js';
import { ValueError } from '../model/errors.js';
import type { OrderSide } from '../model/orders.js';

/**
 * Exact money for the books. decimal.js rounds each result to `precision` significant digits
 * (20 by default); 80 keeps sums and products of real prices, sizes and multipliers exact.
 */
export const LedgerDecimal = Decimal.clone({ precision: 80 });

/**
 * Decimal places kept for the cost an average-cost partial close takes off the position
 * (cost x closed / held, which repeats when the average does: 5/3). Rounding that one quotient
 * keeps every other number a finite decimal well inside 80 digits, so the ledger identity holds
 * exactly; the rounding (< 1e-40 a close) is handed back when the position goes flat, because a
 * full close removes the whole remaining cost.
 */
export const AVG_COST_DP = 40;

/** An open FIFO lot: signed quantity (negative for a short), entry price, entry time. */
export interface OpenLot {
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly ts: bigint;
}

/**
 * A round trip closed by a fill, FIFO-matched: `qty` is signed like the position it closed
 * (positive: a long was sold; negative: a short was covered). pnl = qty x (closePrice -
 * openPrice) x multiplier, before fees (fees are booked on their own, see PositionLots.fees).
 */
export interface ClosedLot {
  readonly openTs: bigint;
  readonly closeTs: bigint;
  readonly qty: Decimal;
  readonly openPrice: Decimal;
  readonly closePrice: Decimal;
  readonly pnl: Decimal;
}

/** What one fill realised, by each method, and the lots it closed. */
export interface LotFill {
  readonly realizedAvg: Decimal;
  readonly realizedFifo: Decimal;
  readonly closedLots: ClosedLot[];
}

/**
 * One instrument's position booked two ways at once, exactly: average cost and FIFO lots.
 * Quantities are instrument units (shares, coins, contracts) and prices currency, both decimals
 * (text is the exact way in; convert from ticks and lots with ticksToPrice / lotsToQty). The
 * multiplier turns price x quantity into currency (contract size for futures, 1 otherwise).
 *
 * Costs are signed like the position: a long of 10 bought at 5 costs +50, a short of 10 sold at
 * 5 costs -50. With that sign, for either method and any sequence of fills,
 *     cash flows + cost + fees - realized = 0
 * where cash flows are -qty x price x multiplier - fee for a buy, +qty x price x multiplier - fee
 * for a sell. Realized P&L is gross of fees.
 */
export class PositionLots {
  readonly multiplier: Decimal;
  private _qty: Decimal = new LedgerDecimal(0);
  private _costAvg: Decimal = new LedgerDecimal(0);
  private _costFifo: Decimal = new LedgerDecimal(0);
  private _realizedAvg: Decimal = new LedgerDecimal(0);
  private _realizedFifo: Decimal = new LedgerDecimal(0);
  private _fees: Decimal = new LedgerDecimal(0);
  /** FIFO queue: lots[head] is the oldest open lot; consumed lots are dropped in batches. */
  private lots: OpenLot[] = [];
  private head = 0;

  constructor(multiplier: Decimal.Value = 1) {
    this.multiplier = finite(multiplier, 'multiplier');
    if (this.multiplier.lte(0)) throw new ValueError('multiplier', `multiplier must be positive, got ${this.multiplier.toString()}`);
  }

  /** Signed position: > 0 long, < 0 short. */
  get qty(): Decimal {
    return this._qty;
  }
  /** Signed cost of the open position under average cost (qty x avgPrice x multiplier). */
  get costAvg(): Decimal {
    return this._costAvg;
  }
  /** Signed cost of the open FIFO lots: sum of lot qty x lot price x multiplier. */
  get costFifo(): Decimal {
    return this._costFifo;
  }
  get realizedAvg(): Decimal {
    return this._realizedAvg;
  }
  get realizedFifo(): Decimal {
    return this._realizedFifo;
  }
  get fees(): Decimal {
    return this._fees;
  }

  /** Average entry price (currency per unit), 0 when flat. */
  get avgPrice(): Decimal {
    return this._qty.isZero() ? new LedgerDecimal(0) : this._costAvg.dividedBy(this._qty.times(this.multiplier));
  }

  /** The open lots, oldest first. */
  openLots(): readonly OpenLot[] {
    return this.lots.slice(this.head);
  }

  /** Mark-to-market P&L of the open position at `mark`, average cost. */
  unrealizedAvg(mark: Decimal.Value): Decimal {
    return this.value(mark).minus(this._costAvg);
  }

  /** Mark-to-market P&L of the open lots at `mark`, FIFO. */
  unrealizedFifo(mark: Decimal.Value): Decimal {
    return this.value(mark).minus(this._costFifo);
  }

  /** Signed market value qty x mark x multiplier. */
  value(mark: Decimal.Value): Decimal {
    return this._qty.times(finite(mark, 'mark')).times(this.multiplier);
  }

  /**
   * Books a fill of `qty` (> 0) units at `price`. A fill against the position closes it first
   * (oldest lots first for FIFO, pro rata of cost for average cost); what is left over opens a
   * new position the other way at this price (a flip through zero).
   */
  apply(side: OrderSide, qty: Decimal.Value, price: Decimal.Value, fee: Decimal.Value = 0, ts = 0n): LotFill {
    const size = finite(qty, 'qty');
    if (size.lte(0)) throw new ValueError('qty', `qty must be positive, got ${size.toString()}`);
    if (side !== 'buy' && side !== 'sell') throw new ValueError('side', `side must be buy or sell, got ${String(side)}`);
    const px = finite(price, 'price');
    this._fees = this._fees.plus(finite(fee, 'fee'));
    const dir = side === 'buy' ? 1 : -1;
    const held = this._qty;
    const closedLots: ClosedLot[] = [];
    let realizedAvg = new LedgerDecimal(0);
    let realizedFifo = new LedgerDecimal(0);
    let opening = size;
    if (!held.isZero() && held.s !== dir) {
      const closeSize = LedgerDecimal.min(held.abs(), size);
      const closing = held.s > 0 ? closeSize : closeSize.neg(); // signed like the position
      // Average cost: the closed share of the cost, all of it when the position closes.
      const removed = closeSize.eq(held.abs())
        ? this._costAvg
        : this._costAvg.times(closing).dividedBy(held).toDecimalPlaces(AVG_COST_DP);
      realizedAvg = closing.times(px).times(this.multiplier).minus(removed);
      this._costAvg = this._costAvg.minus(removed);
      realizedFifo = this.consumeLots(closeSize, px, ts, closedLots);
      this._qty = held.minus(closing);
      this._realizedAvg = this._realizedAvg.plus(realizedAvg);
      this._realizedFifo = this._realizedFifo.plus(realizedFifo);
      opening = size.minus(closeSize);
    }
    if (opening.gt(0)) {
      const signed = dir > 0 ? opening : opening.neg();
      const cost = signed.times(px).times(this.multiplier);
      this._costAvg = this._costAvg.plus(cost);
      this._costFifo = this._costFifo.plus(cost);
      this._qty = this._qty.plus(signed);
      this.lots.push({ qty: signed, price: px, ts });
    }
    return { realizedAvg, realizedFifo, closedLots };
  }

  /** Closes `size` units from the oldest lots at `px`; returns the FIFO P&L. */
  private consumeLots(size: Decimal, px: Decimal, ts: bigint, out: ClosedLot[]): Decimal {
    let left = size;
    let pnl = new LedgerDecimal(0);
    while (left.gt(0)) {
      const lot = this.lots[this.head];
      const take = LedgerDecimal.min(lot.qty.abs(), left);
      const signed = lot.qty.s > 0 ? take : take.neg();
      const lotPnl = signed.times(px.minus(lot.price)).times(this.multiplier);
      out.push({ openTs: lot.ts, closeTs: ts, qty: signed, openPrice: lot.price, closePrice: px, pnl: lotPnl });
      pnl = pnl.plus(lotPnl);
      this._costFifo = this._costFifo.minus(signed.times(lot.price).times(this.multiplier));
      if (take.eq(lot.qty.abs())) this.head++;
      else this.lots[this.head] = { qty: lot.qty.minus(signed), price: lot.price, ts: lot.ts };
      left = left.minus(take);
    }
    // Drop consumed lots once they are most of the array, so the queue stays O(1) amortised.
    if (this.head === this.lots.length) {
      this.lots = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
    return pnl;
  }
}

/** A finite exact decimal from a number, text or Decimal; ValueError naming `field` otherwise. */
export function finite(v: Decimal.Value, field: string): Decimal {
  let d: Decimal;
  try {
    d = new LedgerDecimal(v);
  } catch {
    throw new ValueError(field, `${field} must be a number, got ${String(v)}`);
  }
  if (!d.isFinite()) throw new ValueError(field, `${field} must be finite, got ${String(v)}`);
  return d;
}
