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
}

/**
 * Pre-trade checks, in the order a broker applies them. Returns the reason to reject, or
 * undefined when the order may go.
 */
export function checkOrder(req: OrderRequest, config: RiskConfig, inp: RiskInputs): RejectReason | undefined {
  if (!Number.isSafeInteger(req.qty) || req.qty <= 0) return RejectReason.InvalidQty;
  const { account } = inp;
  const signed = req.side === 'buy' ? req.qty : -req.qty;
  const pos = account.position;
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
    const symbol = account.instrument.symbol;
    if (!config.allowShort || (account.instrument.assetClass === 'equity' && !config.locate.includes(symbol))) {
      return RejectReason.ShortNotLocated;
    }
  }
  const price = inp.priceTicks ?? inp.markTicks;
  if (price === undefined || reduces) return undefined;
  const equity = account.equity(inp.markTicks ?? price);
  const exposure = account.notional(price, Math.abs(after));
  if (exposure.gt(equity.times(new Decimal(config.maxPositionFraction)))) return RejectReason.PositionLimit;
  if (exposure.gt(equity.times(config.leverage))) return RejectReason.InsufficientBuyingPower;
  return undefined;
}
