import { ValueError } from '../model/errors.js';

/**
 * Many portfolios marked to market together, tick by tick (float64 throughout: this is the
 * live view; exact books live in PositionLots / Portfolio).
 *
 * Holdings are indexed by symbol: for each symbol, flat typed arrays of its holders (portfolio
 * id, quantity, average price, last price per holding). A tick for a symbol walks that symbol's
 * holders only and adds qty x (new - old) x multiplier to each holder's NAV, so its cost is the
 * number of holders, and it allocates nothing. Holders of a symbol are unordered: removing
 * one moves the last into its slot.
 *
 * Before a symbol's first tick its holdings are marked at their own average prices (the
 * per-holding last price); from the first tick on they all share the symbol's last price, so
 * the per-holding prices are left alone and a tick reads and writes one number per holding
 * (the holder's NAV) instead of three.
 *
 * NAV here is cash + sum of qty x last price x multiplier; cash is whatever setCash said
 * (positions are loaded as a snapshot, setPosition does not pay for them). Float sums drift;
 * resync() recomputes every NAV from the holdings, and runs on its own every `resyncEvery` ticks.
 */
export interface PortfolioSetOptions {
  /** Currency per unit of price x quantity, one per symbol; default all 1. */
  multipliers?: readonly number[];
  /** Ticks between full NAV recomputations; 0 never. Default 1,048,576. */
  resyncEvery?: number;
}

const NO_PRICE = Number.NaN;

/** One symbol's holders: parallel arrays, the first `count` entries in use. */
class Holders {
  count = 0;
  portfolio = new Int32Array(4);
  qty = new Float64Array(4);
  avg = new Float64Array(4);
  /** A holding's own mark, used only before the symbol's first tick (then its average price). */
  last = new Float64Array(4);

  grow(): void {
    const cap = this.portfolio.length * 2;
    this.portfolio = grown(this.portfolio, new Int32Array(cap));
    this.qty = grown(this.qty, new Float64Array(cap));
    this.avg = grown(this.avg, new Float64Array(cap));
    this.last = grown(this.last, new Float64Array(cap));
  }
}

export class PortfolioSet {
  readonly symbols: readonly string[];
  private readonly symbolIds = new Map<string, number>();
  private readonly multipliers: Float64Array;
  private readonly holders: Holders[];
  /** Last traded price per symbol, NaN before the first tick. */
  private readonly lastPrices: Float64Array;
  /** 1 once a symbol has ticked: its holdings are all marked at lastPrices[s], not Holders.last. */
  private readonly ticked: Uint8Array;
  /** (portfolio id x symbol count + symbol) -> slot in that symbol's holders. */
  private readonly slots = new Map<number, number>();
  private count = 0;
  private cashes = new Float64Array(16);
  private navValues = new Float64Array(16);
  /** Sum of qty x avgPrice x multiplier per portfolio, for unrealized P&L. */
  private costs = new Float64Array(16);
  private ticksSinceResync = 0;
  private readonly resyncEvery: number;

  constructor(symbols: readonly string[], opts: PortfolioSetOptions = {}) {
    this.symbols = [...symbols];
    this.symbols.forEach((s, i) => {
      if (this.symbolIds.has(s)) throw new ValueError('symbols', `symbol ${s} is listed twice`);
      this.symbolIds.set(s, i);
    });
    const n = this.symbols.length;
    this.multipliers = new Float64Array(n).fill(1);
    if (opts.multipliers !== undefined) {
      if (opts.multipliers.length !== n) throw new ValueError('multipliers', `need one multiplier per symbol (${n}), got ${opts.multipliers.length}`);
      opts.multipliers.forEach((m, i) => {
        if (!(m > 0) || !Number.isFinite(m)) throw new ValueError('multipliers', `multiplier of ${this.symbols[i]} must be positive, got ${m}`);
        this.multipliers[i] = m;
      });
    }
    this.holders = Array.from({ length: n }, () => new Holders());
    this.lastPrices = new Float64Array(n).fill(NO_PRICE);
    this.ticked = new Uint8Array(n);
    const every = opts.resyncEvery ?? 1_048_576;
    if (!Number.isInteger(every) || every < 0) throw new ValueError('resyncEvery', `resyncEvery must be a non-negative integer, got ${String(every)}`);
    this.resyncEvery = every === 0 ? Number.POSITIVE_INFINITY : every;
  }

  /** The index of a symbol, as onTick takes it. */
  symbolIndex(symbol: string): number {
    const i = this.symbolIds.get(symbol);
    if (i === undefined) throw new ValueError('symbol', `unknown symbol ${symbol}`);
    return i;
  }

  get portfolioCount(): number {
    return this.count;
  }

  /** Holders of one symbol: the revaluations a tick for it costs. */
  holderCount(symbolIndex: number): number {
    return this.holders[this.checkSymbol(symbolIndex)].count;
  }

  /** Adds a portfolio holding only cash; returns its id (0, 1, 2, ...). */
  addPortfolio(cash: number): number {
    checkFinite(cash, 'cash');
    if (this.count === this.cashes.length) {
      const cap = this.count * 2;
      this.cashes = grown(this.cashes, new Float64Array(cap));
      this.navValues = grown(this.navValues, new Float64Array(cap));
      this.costs = grown(this.costs, new Float64Array(cap));
    }
    const id = this.count++;
    this.cashes[id] = cash;
    this.navValues[id] = cash;
    this.costs[id] = 0;
    return id;
  }

  setCash(id: number, cash: number): void {
    this.checkPortfolio(id);
    checkFinite(cash, 'cash');
    this.navValues[id] += cash - this.cashes[id];
    this.cashes[id] = cash;
  }

  /**
   * Sets portfolio `id`'s holding of a symbol (replacing any): `qty` signed, 0 removes it.
   * The holding is marked at the symbol's last tick, or at `avgPrice` before the first tick.
   * Cash does not move: this loads a snapshot, it is not a trade.
   */
  setPosition(id: number, symbol: string | number, qty: number, avgPrice: number): void {
    this.checkPortfolio(id);
    const s = typeof symbol === 'number' ? this.checkSymbol(symbol) : this.symbolIndex(symbol);
    checkFinite(qty, 'qty');
    checkFinite(avgPrice, 'avgPrice');
    const h = this.holders[s];
    const m = this.multipliers[s];
    const key = id * this.symbols.length + s;
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      // Take the old holding out of NAV and cost; the new one goes back in below.
      this.navValues[id] -= h.qty[slot] * this.markOf(s, slot) * m;
      this.costs[id] -= h.qty[slot] * h.avg[slot] * m;
      if (qty === 0) {
        this.removeSlot(s, slot);
        this.slots.delete(key);
        return;
      }
    } else {
      if (qty === 0) return;
      if (h.count === h.portfolio.length) h.grow();
      slot = h.count++;
      h.portfolio[slot] = id;
      this.slots.set(key, slot);
    }
    h.qty[slot] = qty;
    h.avg[slot] = avgPrice;
    // The mark until the symbol's first tick (unused after it).
    h.last[slot] = avgPrice;
    this.navValues[id] += qty * this.markOf(s, slot) * m;
    this.costs[id] += qty * avgPrice * m;
  }

  /** A trade price for a symbol: revalues its holders. Returns how many holdings it revalued. */
  onTick(symbolIndex: number, price: number): number {
    const s = this.checkSymbol(symbolIndex);
    if (!Number.isFinite(price)) throw new ValueError('price', `price for ${this.symbols[s]} must be finite, got ${String(price)}`);
    const h = this.holders[s];
    const n = h.count;
    const pf = h.portfolio;
    const qty = h.qty;
    const nav = this.navValues;
    if (this.ticked[s] === 1) {
      const move = (price - this.lastPrices[s]) * this.multipliers[s];
      for (let i = 0; i < n; i++) nav[pf[i]] += qty[i] * move;
    } else {
      // First tick: each holding moves from its own average-price mark.
      const m = this.multipliers[s];
      const last = h.last;
      for (let i = 0; i < n; i++) nav[pf[i]] += qty[i] * (price - last[i]) * m;
      this.ticked[s] = 1;
    }
    this.lastPrices[s] = price;
    if (++this.ticksSinceResync >= this.resyncEvery) this.resync();
    return n;
  }

  nav(id: number): number {
    return this.navValues[this.checkPortfolio(id)];
  }

  /** All NAVs by id: a live view, valid until the next addPortfolio. */
  navs(): Float64Array {
    return this.navValues.subarray(0, this.count);
  }

  cash(id: number): number {
    return this.cashes[this.checkPortfolio(id)];
  }

  /** Market value minus cost at the average prices. */
  unrealized(id: number): number {
    this.checkPortfolio(id);
    return this.navValues[id] - this.cashes[id] - this.costs[id];
  }

  /** Last tick of a symbol, NaN before the first. */
  lastPrice(symbolIndex: number): number {
    return this.lastPrices[this.checkSymbol(symbolIndex)];
  }

  /**
   * Recomputes every NAV from cash and the holdings (O(all holdings)), ending float drift.
   * Returns the largest relative change it made (|incremental - scratch| / max(|scratch|, 1)).
   */
  resync(): number {
    const fresh = this.cashes.slice(0, this.count);
    for (let s = 0; s < this.holders.length; s++) {
      const h = this.holders[s];
      const m = this.multipliers[s];
      for (let i = 0; i < h.count; i++) fresh[h.portfolio[i]] += h.qty[i] * this.markOf(s, i) * m;
    }
    let worst = 0;
    for (let id = 0; id < this.count; id++) {
      const drift = Math.abs(this.navValues[id] - fresh[id]) / Math.max(Math.abs(fresh[id]), 1);
      if (drift > worst) worst = drift;
      this.navValues[id] = fresh[id];
    }
    this.ticksSinceResync = 0;
    return worst;
  }

  /** The price a holding is marked at. */
  private markOf(s: number, slot: number): number {
    return this.ticked[s] === 1 ? this.lastPrices[s] : this.holders[s].last[slot];
  }

  private removeSlot(s: number, slot: number): void {
    const h = this.holders[s];
    const lastSlot = --h.count;
    if (slot !== lastSlot) {
      const moved = h.portfolio[lastSlot];
      h.portfolio[slot] = moved;
      h.qty[slot] = h.qty[lastSlot];
      h.avg[slot] = h.avg[lastSlot];
      h.last[slot] = h.last[lastSlot];
      this.slots.set(moved * this.symbols.length + s, slot);
    }
  }

  private checkSymbol(s: number): number {
    if (!Number.isInteger(s) || s < 0 || s >= this.holders.length) throw new ValueError('symbolIndex', `symbol index ${s} is out of range 0..${this.holders.length - 1}`);
    return s;
  }

  private checkPortfolio(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.count) throw new ValueError('id', `no portfolio ${id}`);
    return id;
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function checkFinite(v: number, field: string): void {
  if (!Number.isFinite(v)) throw new ValueError(field, `${field} must be a finite number, got ${String(v)}`);
}
