import { Decimal } from 'decimal.js';
import type { Account } from '../portfolio/account.js';
import { RejectReason, type OrderRequest } from '../model/orders.js';

export interface RiskConfig {
  /** Gross exposure allowed per unit of equity: 2 for US equities (Reg T), 1 for crypto. */
  leverage: number;
  /** Largest position in one instrument as a fraction of equity (0.25 by default). */
  maxPositionFraction: number;
  /** Symbols that may be sold short (equities need a locate). */
  locate: string[];
  /** Whether selling below zero is allowed at all for this asset class. */
  allowShort: boolean;
}

/** Spot crypto cannot be sold short; perpetual and dated futures can. */
const DERIVATIVE_VENUE = /usdm|coinm|perp|futures|hyperliquid/i;

export const defaultRisk = (assetClass: string, venue = ''): RiskConfig => ({
  leverage: assetClass === 'equity' ? 2 : 1,
  maxPositionFraction: 0.25,
  locate: [],
  allowShort: assetClass !== 'crypto' || DERIVATIVE_VENUE.test(venue),
});

export interface RiskInputs {
  account: Account;
  /** Price the order is expected to trade at, ticks (its limit, or the touch for market orders). */
  priceTicks: number | undefined;
  /** Mark for equity, ticks (mid), or undefined when the book is empty. */
  markTicks: number | undefined;
  /** Lots on open orders of the same side not yet filled. */
  openSameSide: number;
  /** The order's instrument: its place in the account (0, the first, when not given). */
  market?: number;
  /**
   * Marks of every instrument of the account, in its order (ticks; undefined without a book).
   * Only an account of several instruments needs them: its equity counts every position, and
   * buying power is spent by the positions in the other instruments too.
   */
  marks?: readonly (number | undefined)[];
}

/**
 * Pre-trade checks, in the order a broker applies them. Returns the reason to reject, or
 * undefined when the order may go. Risk is the portfolio's: the concentration cap holds the
 * order's instrument to a share of the whole account's equity, and buying power is gross
 * exposure over every instrument (the other positions at their marks) against leverage.
 */
export function checkOrder(req: OrderRequest, config: RiskConfig, inp: RiskInputs): RejectReason | undefined {
  if (!Number.isSafeInteger(req.qty) || req.qty <= 0) return RejectReason.InvalidQty;
  const { account } = inp;
  const holding = account.holdings[inp.market ?? 0];
  const signed = req.side === 'buy' ? req.qty : -req.qty;
  const pos = holding.lots;
  if (req.reduceOnly) {
    // Open orders on the same side reduce first: together they must not carry the position through zero.
    if (pos === 0 || Math.sign(signed) === Math.sign(pos) || req.qty + inp.openSameSide > Math.abs(pos)) return RejectReason.ReduceOnlyWouldIncrease;
    return undefined; // reducing never needs buying power
  }
  const pending = req.side === 'buy' ? inp.openSameSide : -inp.openSameSide;
  // The position once the open same-side orders fill: this order reduces only if it shrinks that.
  const base = pos + pending;
  const after = base + signed;
  const reduces = Math.abs(after) < Math.abs(base) && Math.sign(after) !== -Math.sign(base);
  if (after < 0 && !reduces) {
    const symbol = holding.instrument.symbol;
    if (!config.allowShort || (holding.instrument.assetClass === 'equity' && !config.locate.includes(symbol))) {
      return RejectReason.ShortNotLocated;
    }
  }
  const price = inp.priceTicks ?? inp.markTicks;
  if (price === undefined || reduces) return undefined;
  const mark = inp.markTicks ?? price;
  const exposure = holding.notional(price, Math.abs(after));
  let equity: Decimal;
  let gross = exposure;
  if (account.holdings.length === 1) equity = account.equity(mark);
  else {
    const marks = account.holdings.map((_, i) => (i === (inp.market ?? 0) ? mark : inp.marks?.[i]));
    equity = account.equity(marks);
    account.holdings.forEach((h, i) => {
      if (i !== (inp.market ?? 0) && h.lots !== 0 && marks[i] !== undefined) gross = gross.plus(h.notional(marks[i], Math.abs(h.lots)));
    });
  }
  if (exposure.gt(equity.times(new Decimal(config.maxPositionFraction)))) return RejectReason.PositionLimit;
  if (gross.gt(equity.times(config.leverage))) return RejectReason.InsufficientBuyingPower;
  return undefined;
}
