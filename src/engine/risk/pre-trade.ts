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
/** What the checks read of an order: a request, or an order as the strategy sent it. */
export type RiskChecked = Pick<OrderRequest, 'side' | 'qty' | 'reduceOnly'> & Partial<OrderRequest>;

export function checkOrder(req: RiskChecked, config: RiskConfig, inp: RiskInputs): RejectReason | undefined {
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
  const market = inp.market ?? 0;
  // undefined is an answer (no limit broken); null is "too close to call in floats".
  const quick = quickLimits(account, config, market, price, mark, Math.abs(after), inp.marks);
  return quick !== null ? quick : exactLimits(account, config, market, price, mark, Math.abs(after), inp.marks);
}

/** Which limit an order breaks: 0 none, 1 the position limit, 2 buying power. */
type LimitCheck = 0 | 1 | 2;
const LIMIT_REASONS = [undefined, RejectReason.PositionLimit, RejectReason.InsufficientBuyingPower] as const;

/**
 * The two limits in float64, answered only where floats cannot be wrong. Every quantity is a sum
 * of at most n + 1 products of at most four factors (integer ticks and lots, exact below 2^53;
 * tick and lot size, the cash and the limit fractions, each rounded once to a double), so each
 * computed side of a comparison is within (n + 8) x 2^-53 of its exact value, relative to the
 * sum of the magnitudes of its terms. A comparison whose margin exceeds 1e-12 of those
 * magnitudes (thousands of times that bound) therefore has the exact answer; anything closer,
 * or not finite, returns undefined and the exact decimal check decides. So the result is always
 * the decimal one, without decimal arithmetic on nearly every order.
 */
function quickLimits(account: Account, config: RiskConfig, market: number, price: number, mark: number, lots: number, marks: readonly (number | undefined)[] | undefined): RejectReason | undefined | null {
  const hs = account.holdings;
  const h = hs[market];
  const unit = h.unitValue;
  const exposure = price * lots * unit;
  let equity = account.cashValue();
  let magnitude = Math.abs(equity);
  let gross = exposure;
  let grossMagnitude = Math.abs(exposure);
  for (let i = 0; i < hs.length; i++) {
    const m = i === market ? mark : marks?.[i];
    if (m === undefined || hs[i].lots === 0) continue;
    const value = hs[i].lots * m * hs[i].unitValue;
    equity += value;
    magnitude += Math.abs(value);
    if (i !== market) {
      gross += Math.abs(hs[i].lots) * m * hs[i].unitValue;
      grossMagnitude += Math.abs(value);
    }
  }
  const overPosition = exceeds(exposure, Math.abs(exposure), equity, magnitude, config.maxPositionFraction);
  if (overPosition === undefined) return null;
  if (overPosition) return RejectReason.PositionLimit;
  const overBuyingPower = exceeds(gross, grossMagnitude, equity, magnitude, config.leverage);
  if (overBuyingPower === undefined) return null;
  return overBuyingPower ? RejectReason.InsufficientBuyingPower : undefined;
}

/** lhs > equity x factor, or undefined when the margin is within what rounding could have moved it. */
function exceeds(lhs: number, lhsMagnitude: number, equity: number, equityMagnitude: number, factor: number): boolean | undefined {
  const d = lhs - equity * factor;
  const scale = lhsMagnitude + equityMagnitude * Math.abs(factor);
  if (!Number.isFinite(d) || !Number.isFinite(scale) || Math.abs(d) <= 1e-12 * scale) return undefined;
  return d > 0;
}

/** The two limits in exact decimals: what quickLimits stands in for. */
function exactLimits(account: Account, config: RiskConfig, market: number, price: number, mark: number, lots: number, marks: readonly (number | undefined)[] | undefined): RejectReason | undefined {
  const holding = account.holdings[market];
  const exposure = holding.notional(price, lots);
  let equity: Decimal;
  let gross = exposure;
  if (account.holdings.length === 1) equity = account.equity(mark);
  else {
    const all = account.holdings.map((_, i) => (i === market ? mark : marks?.[i]));
    equity = account.equity(all);
    account.holdings.forEach((h, i) => {
      if (i !== market && h.lots !== 0 && all[i] !== undefined) gross = gross.plus(h.notional(all[i], Math.abs(h.lots)));
    });
  }
  let check: LimitCheck = 0;
  if (exposure.gt(equity.times(new Decimal(config.maxPositionFraction)))) check = 1;
  else if (gross.gt(equity.times(config.leverage))) check = 2;
  return LIMIT_REASONS[check];
}
