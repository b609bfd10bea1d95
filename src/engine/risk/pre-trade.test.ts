import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { OrderRequest } from '../model/orders.js';
import { Account } from '../portfolio/account.js';
import { tinyInstrument } from '../../../test/support/engine-fixtures.js';
import { checkOrder, defaultRisk, type RiskConfig } from './pre-trade.js';

// An equity (needs a locate to short), tick $0.01, lot 1 share; prices in ticks: 1000 = $10.00.
const equity = tinyInstrument('equity');

function account(cash = '10000', fills: [side: 'buy' | 'sell', price: number, lots: number][] = []): Account {
  const acc = new Account(equity, cash);
  for (const [side, price, lots] of fills) acc.applyFill(side, price, lots, new Decimal(0));
  return acc;
}

const req = (side: 'buy' | 'sell', qty: number, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  clientId: 'x',
  side,
  type: 'limit',
  qty,
  limit: 1000,
  tif: 'GTC',
  ...extra,
});

const risk = (extra: Partial<RiskConfig> = {}): RiskConfig => ({ ...defaultRisk('equity'), ...extra });

function check(r: OrderRequest, acc: Account, config = risk(), openSameSide = 0, prices: { priceTicks?: number; markTicks?: number } = { priceTicks: 1000, markTicks: 1000 }) {
  return checkOrder(r, config, { account: acc, priceTicks: prices.priceTicks, markTicks: prices.markTicks, openSameSide });
}

describe('checkOrder', () => {
  it('defaults: equities 2x and locates, crypto 1x and no shorts', () => {
    expect(defaultRisk('equity')).toEqual({ leverage: 2, maxPositionFraction: 0.25, locate: [], allowShort: true });
    expect(defaultRisk('crypto')).toEqual({ leverage: 1, maxPositionFraction: 0.25, locate: [], allowShort: false });
  });

  it('rejects a bad quantity', () => {
    expect(check(req('buy', 0), account())).toBe('invalid_qty');
    expect(check(req('buy', 2.5), account())).toBe('invalid_qty');
  });

  it('reduce-only may only shrink the position', () => {
    const long10 = account('10000', [['buy', 1000, 10]]);
    expect(check(req('sell', 1, { reduceOnly: true }), account())).toBe('reduce_only_would_increase');
    expect(check(req('buy', 1, { reduceOnly: true }), long10)).toBe('reduce_only_would_increase');
    expect(check(req('sell', 11, { reduceOnly: true }), long10)).toBe('reduce_only_would_increase');
    expect(check(req('sell', 10, { reduceOnly: true }), long10)).toBeUndefined();
    // 6 lots of sells already open: only 4 more can still reduce
    expect(check(req('sell', 4, { reduceOnly: true }), long10, risk(), 6)).toBeUndefined();
    expect(check(req('sell', 5, { reduceOnly: true }), long10, risk(), 6)).toBe('reduce_only_would_increase');
  });

  it('shorting needs allowShort and, for equities, a locate', () => {
    expect(check(req('sell', 1), account())).toBe('short_not_located');
    expect(check(req('sell', 1), account(), risk({ locate: ['TINY'] }))).toBeUndefined();
    expect(check(req('sell', 1), account(), risk({ locate: ['TINY'], allowShort: false }))).toBe('short_not_located');
    const crypto = new Account(tinyInstrument('crypto'), '10000');
    expect(check(req('sell', 1), crypto, defaultRisk('crypto'))).toBe('short_not_located');
    expect(check(req('sell', 1), crypto, { ...defaultRisk('crypto'), allowShort: true })).toBeUndefined();
  });

  it('selling what is held is not a short; selling more is', () => {
    const long10 = account('10000', [['buy', 1000, 10]]);
    expect(check(req('sell', 10), long10)).toBeUndefined();
    expect(check(req('sell', 15), long10)).toBe('short_not_located');
    // with 10 lots of sells already open, another sell opens a short
    expect(check(req('sell', 5), long10, risk(), 10)).toBe('short_not_located');
  });

  it('caps the position at a fraction of equity', () => {
    // equity 10000 x 0.25 = 2500: 250 shares at $10 is exactly the cap, 251 is over
    expect(check(req('buy', 250), account())).toBeUndefined();
    expect(check(req('buy', 251), account())).toBe('position_limit');
    // open buys count: 100 open + 151 new = 251
    expect(check(req('buy', 151), account(), risk(), 100)).toBe('position_limit');
    // a short is capped the same way
    expect(check(req('sell', 251), account(), risk({ locate: ['TINY'] }))).toBe('position_limit');
  });

  it('caps gross exposure at leverage x equity', () => {
    const loose = risk({ maxPositionFraction: 10 });
    // 2 x 10000 = 20000: 2000 shares at $10 fit, 2001 do not
    expect(check(req('buy', 2000), account(), loose)).toBeUndefined();
    expect(check(req('buy', 2001), account(), loose)).toBe('insufficient_buying_power');
  });

  it('values market orders at the touch, or the mark, and lets orders through when there is no price', () => {
    expect(check(req('buy', 251, { type: 'market', limit: undefined }), account(), risk(), 0, { priceTicks: 1000, markTicks: 1000 })).toBe('position_limit');
    expect(check(req('buy', 251, { type: 'market', limit: undefined }), account(), risk(), 0, { markTicks: 1000 })).toBe('position_limit');
    expect(check(req('buy', 251, { type: 'market', limit: undefined }), account(), risk(), 0, {})).toBeUndefined();
  });

  it('reducing a position is never capped', () => {
    // long 1000 shares bought at $10 with 10000 cash: exposure 10000 is far above the 2500 cap
    const big = account('10000', [['buy', 1000, 1000]]);
    expect(check(req('sell', 100), big)).toBeUndefined();
    expect(check(req('buy', 1), big)).toBe('position_limit');
  });
});
