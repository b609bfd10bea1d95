import type { Decimal } from 'decimal.js';
import { ValueError } from '../model/errors.js';
import type { AssetClass, Instrument } from '../model/instrument.js';
import type { OrderSide } from '../model/orders.js';
import { finite as exact, LedgerDecimal, type LotFill, PositionLots } from './lots.js';

/**
 * A portfolio of cash and positions in many instruments, held two ways:
 *
 * - the books (exact, decimal.js): cash, and each position's PositionLots (average cost and
 *   FIFO lots, realized P&L, fees). Fills change them; nothing else does. Realized P&L, cost
 *   bases and cash are read from here.
 * - the live marks (float64): each position's quantity x multiplier and last price, and the
 *   running net and gross exposure. A price tick for a symbol touches only that symbol's
 *   position: net += units x (new - old), so NAV = cash + net is current after O(1) work.
 *   NAV, exposures, weights, allocations and unrealized P&L are floats from here.
 *
 * Float sums drift; resync() recomputes net and gross from the positions (every
 * `resyncEvery` marks on its own), which bounds the drift to what that many adds can gather.
 */
export interface PortfolioOptions {
  /** Marks between full recomputations of net and gross exposure; 0 never. Default 65,536. */
  resyncEvery?: number;
}

export interface InstrumentOptions {
  /** Currency per unit of price x quantity (futures contract size); default 1. */
  multiplier?: Decimal.Value;
}

/** One position as the live analytics see it. */
export interface PositionView {
  readonly instrument: Instrument;
  /** The exact books of this position. */
  readonly book: PositionLots;
  /** Signed quantity (float copy of book.qty). */
  readonly qty: number;
  readonly multiplier: number;
  /** Last price: the latest mark or fill, NaN before either. */
  readonly mark: number;
  /** Signed market value qty x mark x multiplier (0 when flat). */
  readonly value: number;
}

export interface PositionWeight {
  readonly symbol: string;
  /** Signed market value. */
  readonly value: number;
  /** value / NAV. */
  readonly ofNav: number;
  /** |value| / gross exposure: these sum to 1 over the open positions. */
  readonly ofGross: number;
}

export interface AllocationSlice {
  /** Sum of long market values (>= 0). */
  readonly long: number;
  /** Sum of short market values (<= 0). */
  readonly short: number;
  readonly net: number;
  readonly gross: number;
  /** gross / total gross: the slices' weights sum to 1. */
  readonly weight: number;
}

export type AllocationKey = 'sector' | 'assetClass';

/** Sector of an instrument without one (the data had none). */
export const UNKNOWN_SECTOR = 'unknown';

class Holding implements PositionView {
  qty = 0;
  /** qty x multiplier: what a price move is multiplied by. */
  units = 0;
  mark = Number.NaN;
  constructor(
    readonly instrument: Instrument,
    readonly book: PositionLots,
    readonly multiplier: number,
  ) {}
  get value(): number {
    return this.units === 0 ? 0 : this.units * this.mark;
  }
}

export class Portfolio {
  private _cash: Decimal;
  private cashNum: number;
  private contributed: Decimal;
  private readonly holdings = new Map<string, Holding>();
  /** Sum of units x mark over positions, and of |units x mark|: maintained by deltas. */
  private net = 0;
  private gross = 0;
  private sinceResync = 0;
  private readonly resyncEvery: number;

  constructor(cash: Decimal.Value, opts: PortfolioOptions = {}) {
    this._cash = exact(cash, 'cash');
    this.contributed = this._cash;
    this.cashNum = this._cash.toNumber();
    const every = opts.resyncEvery ?? 65_536;
    if (!Number.isInteger(every) || every < 0) throw new ValueError('resyncEvery', `resyncEvery must be a non-negative integer, got ${String(every)}`);
    this.resyncEvery = every === 0 ? Number.POSITIVE_INFINITY : every;
  }

  /** Registers an instrument so it can be filled and marked. Registering twice is an error. */
  addInstrument(instrument: Instrument, opts: InstrumentOptions = {}): void {
    if (this.holdings.has(instrument.symbol)) throw new ValueError('symbol', `instrument ${instrument.symbol} is already in the portfolio`);
    const book = new PositionLots(opts.multiplier ?? 1);
    this.holdings.set(instrument.symbol, new Holding(instrument, book, book.multiplier.toNumber()));
  }

  /** Exact cash. */
  get cash(): Decimal {
    return this._cash;
  }

  /** Cash put in: the starting cash plus deposits minus withdrawals (exact). */
  get contributions(): Decimal {
    return this.contributed;
  }

  /** Adds (or, negative, withdraws) cash from outside; not P&L. */
  deposit(amount: Decimal.Value): void {
    const a = exact(amount, 'amount');
    this.contributed = this.contributed.plus(a);
    this.setCash(this._cash.plus(a));
  }

  /**
   * Books a fill in the exact books and brings the live marks along: cash moves by the notional
   * and the fee, and the fill price becomes the position's mark (a fill is a trade).
   */
  fill(symbol: string, side: OrderSide, qty: Decimal.Value, price: Decimal.Value, fee: Decimal.Value = 0, ts = 0n): LotFill {
    const h = this.holding(symbol);
    const px = exact(price, 'price');
    const f = exact(fee, 'fee');
    const before = h.value;
    const result = h.book.apply(side, qty, px, f, ts);
    const notional = exact(qty, 'qty').times(px).times(h.book.multiplier);
    this.setCash(side === 'buy' ? this._cash.minus(notional).minus(f) : this._cash.plus(notional).minus(f));
    h.qty = h.book.qty.toNumber();
    h.units = h.qty * h.multiplier;
    h.mark = px.toNumber();
    const after = h.value;
    this.net += after - before;
    this.gross += Math.abs(after) - Math.abs(before);
    return result;
  }

  /**
   * A price tick: revalues the position in `symbol` only. Returns false for a symbol the
   * portfolio does not hold (a feed carries more symbols than any one portfolio).
   */
  mark(symbol: string, price: number): boolean {
    const h = this.holdings.get(symbol);
    if (h === undefined) return false;
    if (!Number.isFinite(price)) throw new ValueError('price', `price for ${symbol} must be finite, got ${String(price)}`);
    const u = h.units;
    if (u !== 0) {
      const old = h.mark;
      this.net += u * (price - old);
      this.gross += Math.abs(u * price) - Math.abs(u * old);
    }
    h.mark = price;
    if (++this.sinceResync >= this.resyncEvery) this.resync();
    return true;
  }

  /** Net asset value: cash + sum of qty x mark x multiplier (float, incremental). */
  get nav(): number {
    return this.cashNum + this.net;
  }

  /** Sum of signed market values. */
  get netExposure(): number {
    return this.net;
  }

  /** Sum of absolute market values. */
  get grossExposure(): number {
    return this.gross;
  }

  /** NAV summed from scratch over the positions, without touching the running figures. */
  navFromScratch(): number {
    return this.cashNum + this.sums().net;
  }

  /**
   * Recomputes net and gross exposure from the positions, ending the drift of the running sums.
   * Returns the NAV drift that was removed (incremental minus from scratch).
   */
  resync(): number {
    const before = this.nav;
    const { net, gross } = this.sums();
    this.net = net;
    this.gross = gross;
    this.sinceResync = 0;
    return before - this.nav;
  }

  /** Realized P&L over all positions, exact, gross of fees. */
  realized(): { avg: Decimal; fifo: Decimal } {
    let avg = new LedgerDecimal(0);
    let fifo = new LedgerDecimal(0);
    for (const h of this.holdings.values()) {
      avg = avg.plus(h.book.realizedAvg);
      fifo = fifo.plus(h.book.realizedFifo);
    }
    return { avg, fifo };
  }

  /** Fees paid over all positions, exact. */
  fees(): Decimal {
    let total = new LedgerDecimal(0);
    for (const h of this.holdings.values()) total = total.plus(h.book.fees);
    return total;
  }

  /** Unrealized P&L at the current marks (float): market value minus cost, each method. */
  unrealized(): { avg: number; fifo: number } {
    let avg = 0;
    let fifo = 0;
    for (const h of this.holdings.values()) {
      if (h.units === 0) continue;
      avg += h.value - h.book.costAvg.toNumber();
      fifo += h.value - h.book.costFifo.toNumber();
    }
    return { avg, fifo };
  }

  position(symbol: string): PositionView | undefined {
    return this.holdings.get(symbol);
  }

  /** Every registered instrument's position, open or flat, in registration order. */
  positions(): IterableIterator<PositionView> {
    return this.holdings.values();
  }

  /** Weights of the open positions, in registration order. */
  weights(): PositionWeight[] {
    const { gross } = this.sums();
    const nav = this.nav;
    const out: PositionWeight[] = [];
    for (const h of this.holdings.values()) {
      if (h.units === 0) continue;
      const value = h.value;
      out.push({ symbol: h.instrument.symbol, value, ofNav: value / nav, ofGross: gross === 0 ? 0 : Math.abs(value) / gross });
    }
    return out;
  }

  /** Open positions grouped by sector (instrument metadata; UNKNOWN_SECTOR without) or asset class. */
  allocation(by: AllocationKey): Map<string, AllocationSlice> {
    const groups = new Map<string, { long: number; short: number }>();
    let total = 0;
    for (const h of this.holdings.values()) {
      if (h.units === 0) continue;
      const key = by === 'sector' ? (h.instrument.sector ?? UNKNOWN_SECTOR) : h.instrument.assetClass;
      const g = groups.get(key) ?? { long: 0, short: 0 };
      const v = h.value;
      if (v >= 0) g.long += v;
      else g.short += v;
      total += Math.abs(v);
      groups.set(key, g);
    }
    const out = new Map<string, AllocationSlice>();
    for (const [key, g] of groups) {
      const gross = g.long - g.short;
      out.set(key, { long: g.long, short: g.short, net: g.long + g.short, gross, weight: total === 0 ? 0 : gross / total });
    }
    return out;
  }

  allocationBySector(): Map<string, AllocationSlice> {
    return this.allocation('sector');
  }

  allocationByAssetClass(): Map<AssetClass, AllocationSlice> {
    return this.allocation('assetClass') as Map<AssetClass, AllocationSlice>;
  }

  private sums(): { net: number; gross: number } {
    let net = 0;
    let gross = 0;
    for (const h of this.holdings.values()) {
      const v = h.value;
      net += v;
      gross += Math.abs(v);
    }
    return { net, gross };
  }

  private setCash(cash: Decimal): void {
    this._cash = cash;
    this.cashNum = cash.toNumber();
  }

  private holding(symbol: string): Holding {
    const h = this.holdings.get(symbol);
    if (h === undefined) throw new ValueError('symbol', `${symbol} is not in the portfolio: addInstrument it first`);
    return h;
  }
}
