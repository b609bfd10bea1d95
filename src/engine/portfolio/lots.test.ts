import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerDecimal, PositionLots } from './lots.js';

const D = (v: string | number) => new LedgerDecimal(v);
const str = (d: { toFixed(): string }) => d.toFixed();

describe('PositionLots: average cost and FIFO, by hand', () => {
  it('long with partial closes', () => {
    const p = new PositionLots();
    p.apply('buy', 100, 10, 0, 1n);
    p.apply('buy', 50, 13, 0, 2n);
    // avg = (100 x 10 + 50 x 13) / 150 = 1650 / 150 = 11
    expect(str(p.avgPrice)).toBe('11');
    expect([str(p.costAvg), str(p.costFifo)]).toEqual(['1650', '1650']);

    // sell 120 @ 12
    //   avg:  120 x (12 - 11) = 120
    //   FIFO: 100 x (12 - 10) = 200 from the first lot, 20 x (12 - 13) = -20 from the second: 180
    const r = p.apply('sell', 120, 12, 0, 3n);
    expect([str(r.realizedAvg), str(r.realizedFifo)]).toEqual(['120', '180']);
    expect(r.closedLots.map((l) => [l.openTs, l.closeTs, str(l.qty), str(l.openPrice), str(l.closePrice), str(l.pnl)])).toEqual([
      [1n, 3n, '100', '10', '12', '200'],
      [2n, 3n, '20', '13', '12', '-20'],
    ]);
    // 30 left: average cost 30 x 11 = 330; FIFO the rest of lot 2, 30 x 13 = 390
    expect([str(p.qty), str(p.costAvg), str(p.costFifo)]).toEqual(['30', '330', '390']);
    expect(p.openLots().map((l) => [str(l.qty), str(l.price), l.ts])).toEqual([['30', '13', 2n]]);
    // unrealized at 14: avg 30 x 14 - 330 = 90; FIFO 420 - 390 = 30
    expect([str(p.unrealizedAvg(14)), str(p.unrealizedFifo(14))]).toEqual(['90', '30']);

    // sell 30 @ 15: avg 30 x (15 - 11) = 120 (total 240); FIFO 30 x (15 - 13) = 60 (total 240)
    const r2 = p.apply('sell', 30, 15, 0, 4n);
    expect([str(r2.realizedAvg), str(r2.realizedFifo)]).toEqual(['120', '60']);
    // flat: both methods agree, 240 = proceeds 1440 + 450 - cost 1650
    expect([str(p.realizedAvg), str(p.realizedFifo), str(p.qty), str(p.costAvg), str(p.costFifo)]).toEqual(['240', '240', '0', '0', '0']);
    expect(p.openLots()).toEqual([]);
  });

  it('short, partial cover, and a flip through zero to long', () => {
    const p = new PositionLots();
    p.apply('sell', 10, 50, 0, 1n);
    p.apply('sell', 10, 40, 0, 2n);
    // short 20, avg (500 + 400) / 20 = 45, signed cost -900
    expect([str(p.qty), str(p.avgPrice), str(p.costAvg)]).toEqual(['-20', '45', '-900']);

    // buy 15 @ 42
    //   avg:  -15 x (42 - 45) = 45
    //   FIFO: -10 x (42 - 50) = 80, then -5 x (42 - 40) = -10: 70
    const r = p.apply('buy', 15, 42, 0, 3n);
    expect([str(r.realizedAvg), str(r.realizedFifo)]).toEqual(['45', '70']);
    expect(r.closedLots.map((l) => [str(l.qty), str(l.openPrice), str(l.pnl)])).toEqual([
      ['-10', '50', '80'],
      ['-5', '40', '-10'],
    ]);
    // -5 left: avg cost -5 x 45 = -225; FIFO -5 x 40 = -200
    expect([str(p.qty), str(p.costAvg), str(p.costFifo)]).toEqual(['-5', '-225', '-200']);

    // buy 8 @ 38: covers 5, then opens 3 long at 38
    //   avg:  -5 x (38 - 45) = 35 (total 80); FIFO: -5 x (38 - 40) = 10 (total 80)
    const r2 = p.apply('buy', 8, 38, 0, 4n);
    expect([str(r2.realizedAvg), str(r2.realizedFifo)]).toEqual(['35', '10']);
    expect([str(p.realizedAvg), str(p.realizedFifo)]).toEqual(['80', '80']);
    expect([str(p.qty), str(p.avgPrice), str(p.costAvg), str(p.costFifo)]).toEqual(['3', '38', '114', '114']);
    expect(p.openLots().map((l) => [str(l.qty), str(l.price), l.ts])).toEqual([['3', '38', 4n]]);
  });

  it('flip from long to short in one fill, with fees kept apart from realized P&L', () => {
    const p = new PositionLots();
    p.apply('buy', '2', '100.5', '0.25');
    // sell 5 @ 101: closes 2 at (101 - 100.5) x 2 = 1, opens short 3 at 101
    const r = p.apply('sell', '5', '101', '0.5');
    expect([str(r.realizedAvg), str(r.realizedFifo)]).toEqual(['1', '1']);
    expect([str(p.qty), str(p.avgPrice), str(p.costAvg), str(p.costFifo), str(p.fees)]).toEqual(['-3', '101', '-303', '-303', '0.75']);
  });

  it('a repeating average: partial close rounded, round trip exact', () => {
    const p = new PositionLots();
    p.apply('buy', 1, 1);
    p.apply('buy', 2, 2);
    // cost 5 for 3 units, average 5/3. sell 1 @ 3: avg 3 - 5/3 = 4/3 (to 40 places); FIFO 3 - 1 = 2
    const r = p.apply('sell', 1, 3);
    expect(r.realizedAvg.toFixed(40)).toBe('1.' + '3'.repeat(40));
    expect(str(r.realizedFifo)).toBe('2');
    // sell 2 @ 3: total proceeds 9 - cost 5 = 4 by either method, exactly
    p.apply('sell', 2, 3);
    expect([str(p.realizedAvg), str(p.realizedFifo)]).toEqual(['4', '4']);
  });

  it('a contract multiplier scales cost and P&L', () => {
    const p = new PositionLots(50);
    p.apply('buy', 2, '4000.25');
    // 2 x (4001 - 4000.25) x 50 = 75
    const r = p.apply('sell', 2, '4001');
    expect([str(r.realizedAvg), str(r.realizedFifo), str(r.closedLots[0].pnl)]).toEqual(['75', '75', '75']);
    expect(str(p.avgPrice)).toBe('0');
  });

  it('is exact past 20 significant digits', () => {
    const p = new PositionLots();
    p.apply('buy', '123456.12345678', '98765.43210987');
    const r = p.apply('sell', '123456.12345678', '98765.43210988');
    // 123456.12345678 x 0.00000001
    expect(str(r.realizedFifo)).toBe('0.0012345612345678');
    expect(str(r.realizedAvg)).toBe('0.0012345612345678');
  });

  it('rejects bad input', () => {
    const p = new PositionLots();
    expect(() => p.apply('buy', 0, 1)).toThrow(/qty/);
    expect(() => p.apply('buy', -1, 1)).toThrow(/qty/);
    expect(() => p.apply('buy', 1, Number.NaN)).toThrow(/price/);
    expect(() => p.apply('buy', 1, 'abc')).toThrow(/price/);
    expect(() => new PositionLots(0)).toThrow(/multiplier/);
  });
});

/** Decimal text with up to `dp` places from an integer count of the smallest unit. */
const decimalText = (min: number, max: number, dp: number) => fc.integer({ min, max }).map((n) => new LedgerDecimal(n).dividedBy(10 ** dp).toFixed());

const order = fc.record({
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  qty: decimalText(1, 5_000_000, 4),
  price: decimalText(1, 50_000_000, 6),
  fee: decimalText(0, 100_000, 5),
});

describe('PositionLots: the ledger balances', () => {
  /**
   * The identity: with cash the running sum of the fills' cash flows (buy: -q p m - fee,
   * sell: +q p m - fee) from 0, for each method
   *     cash + cost + fees - realized = 0        (exactly)
   * i.e. cash = realized - fees - cost: what was realized, less fees, less what is still tied up.
   */
  it('cash + cost basis + fees - realized P&L is 0 exactly, for both methods, after every fill', () => {
    fc.assert(
      fc.property(fc.array(order, { minLength: 10, maxLength: 60 }), fc.constantFrom('1', '50', '0.001'), (orders, mult) => {
        const p = new PositionLots(mult);
        let cash = D(0);
        let closedPnl = D(0);
        let ts = 0n;
        for (const o of orders) {
          const notional = D(o.qty).times(o.price).times(mult);
          cash = o.side === 'buy' ? cash.minus(notional).minus(o.fee) : cash.plus(notional).minus(o.fee);
          const r = p.apply(o.side, o.qty, o.price, o.fee, ++ts);
          for (const l of r.closedLots) closedPnl = closedPnl.plus(l.pnl);
          expect(str(cash.plus(p.costAvg).plus(p.fees).minus(p.realizedAvg))).toBe('0');
          expect(str(cash.plus(p.costFifo).plus(p.fees).minus(p.realizedFifo))).toBe('0');
          // FIFO books are their lots; closed lots add up to the FIFO realized P&L
          const lots = p.openLots();
          expect(str(lots.reduce((a, l) => a.plus(l.qty), D(0)))).toBe(str(p.qty));
          expect(str(lots.reduce((a, l) => a.plus(l.qty.times(l.price).times(mult)), D(0)))).toBe(str(p.costFifo));
          expect(lots.every((l) => l.qty.s === p.qty.s)).toBe(true);
          expect(str(closedPnl)).toBe(str(p.realizedFifo));
          // flat: nothing tied up, both methods realized the same
          if (p.qty.isZero()) expect(str(p.realizedAvg)).toBe(str(p.realizedFifo));
        }
        // the two methods differ only in timing: realized + unrealized agree at any mark
        const mark = orders[orders.length - 1].price;
        expect(str(p.realizedAvg.plus(p.unrealizedAvg(mark)))).toBe(str(p.realizedFifo.plus(p.unrealizedFifo(mark))));
      }),
      { numRuns: 300 },
    );
  });
});
