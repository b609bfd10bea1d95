import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../model/instrument.js';
import { RejectReason, type OrderRequest } from '../model/orders.js';
import { Account } from '../portfolio/account.js';
import { checkOrder, type RiskConfig } from './pre-trade.js';

// The limits are checked in floats where floats cannot be wrong and in decimals otherwise: the
// answer must always be the exact decimal one. The reference below is the check written plainly
// in decimals; cases are drawn near the limits, and exactly on them, where floats cannot decide.

const Money = Decimal.clone({ precision: 80 });

function reference(acc: Account, config: RiskConfig, market: number, price: number, mark: number, lots: number, marks: (number | undefined)[]): string | undefined {
  const value = (i: number, ticks: number, l: number) => new Money(ticks).times(acc.holdings[i].instrument.tickSize).times(new Money(l).times(acc.holdings[i].instrument.lotSize));
  const exposure = value(market, price, lots);
  let equity = acc.cash;
  let gross = exposure;
  acc.holdings.forEach((h, i) => {
    const m = i === market ? mark : marks[i];
    if (m === undefined) return;
    equity = equity.plus(value(i, m, h.lots));
    if (i !== market && h.lots !== 0) gross = gross.plus(value(i, m, Math.abs(h.lots)));
  });
  if (exposure.gt(equity.times(new Money(config.maxPositionFraction)))) return RejectReason.PositionLimit;
  if (gross.gt(equity.times(new Money(config.leverage)))) return RejectReason.InsufficientBuyingPower;
  return undefined;
}

const step = fc.constantFrom('0.01', '0.1', '0.5', '1', '0.001', '0.00001', '0.25');
const holdingArb = fc.record({ tick: step, lot: step, lots: fc.integer({ min: -400, max: 400 }), mark: fc.option(fc.integer({ min: 1, max: 200_000 }), { freq: 6, nil: undefined }) });

describe('checkOrder against exact decimals', () => {
  it('gives the decimal answer, on the limits as well as near them', () => {
    fc.assert(
      fc.property(
        fc.array(holdingArb, { minLength: 1, maxLength: 3 }),
        fc.oneof(fc.constantFrom('1000', '0', '-50', '2500.5', '1e9', '0.00000001'), fc.integer({ min: -1_000_000, max: 10_000_000 }).map(String)),
        fc.record({ leverage: fc.constantFrom(1, 2, 4, 0.5), maxPositionFraction: fc.constantFrom(0.25, 0.1, 1, 0.3333) }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.boolean(),
        (holdings, cash, limits, qty, price, tie) => {
          const instruments = holdings.map((h, i) => makeInstrument({ symbol: `S${i}`, venue: 'TEST', assetClass: 'crypto', currency: 'USD', tickSize: h.tick, lotSize: h.lot }));
          const acc = new Account(instruments, cash);
          holdings.forEach((h, i) => {
            if (h.lots !== 0) acc.applyFill(h.lots > 0 ? 'buy' : 'sell', h.mark ?? 100, Math.abs(h.lots), new Decimal('0.37'), i);
          });
          const market = 0;
          const mark = holdings[0].mark ?? price;
          const marks = holdings.map((h) => h.mark);
          // A tie: a size that puts the position's exposure exactly at the position limit, where one is whole.
          const pos = acc.holdings[0].lots;
          let buy = qty;
          if (tie) {
            const equity = instruments.reduce((e, inst, i) => (marks[i] === undefined && i !== 0 ? e : e.plus(new Money(i === 0 ? mark : marks[i]!).times(inst.tickSize).times(new Money(holdings[i].lots).times(inst.lotSize)))), new Money(acc.cash));
            const exact = equity.times(limits.maxPositionFraction).dividedBy(new Money(price).times(instruments[0].tickSize).times(instruments[0].lotSize));
            if (exact.isInteger() && exact.gt(pos) && exact.lt(1e12)) buy = exact.toNumber() - pos;
          }
          const req: OrderRequest = { clientId: 'x', side: 'buy', type: 'limit', qty: buy, limit: price, tif: 'GTC' };
          const config: RiskConfig = { ...limits, locate: [], allowShort: true };
          const after = pos + req.qty;
          const got = checkOrder(req, config, { account: acc, priceTicks: price, markTicks: mark, openSameSide: 0, market, marks: holdings.length > 1 ? marks : undefined });
          const reduces = Math.abs(after) < Math.abs(pos) && Math.sign(after) !== -Math.sign(pos);
          const want = reduces ? undefined : reference(acc, config, market, price, mark, Math.abs(after), marks);
          expect(got).toBe(want);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('decides an exposure exactly at the position limit as within it, and one lot more as over', () => {
    const inst = makeInstrument({ symbol: 'T', venue: 'TEST', assetClass: 'crypto', currency: 'USD', tickSize: '0.1', lotSize: '0.001' });
    // 0.1 and 0.001 have no exact double: equity 3000.3, 25 % is 750.075 = 7500.75 ticks x ... chosen exactly below.
    const acc = new Account(inst, '3000.3');
    const config: RiskConfig = { leverage: 1, maxPositionFraction: 0.25, locate: [], allowShort: true };
    // 750.075 = price 0.1 x 7500.75 ... as lots of 0.001 at 50.0 (500 ticks): 750.075 / 0.05 = 15001.5 lots, not whole;
    // at 25.0 (250 ticks) one lot is 0.025: 30003 lots exactly.
    const at = (lots: number) => checkOrder({ clientId: 'x', side: 'buy', type: 'limit', qty: lots, limit: 250, tif: 'GTC' }, config, { account: acc, priceTicks: 250, markTicks: 250, openSameSide: 0 });
    expect(at(30003)).toBeUndefined();
    expect(at(30004)).toBe(RejectReason.PositionLimit);
  });
});
