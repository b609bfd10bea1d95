import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../model/instrument.js';
import { tinyInstrument } from '../../../test/support/engine-fixtures.js';
import { Account } from './account.js';

const d = (s: string) => new Decimal(s);

describe('Account', () => {
  it('average cost, realized P&L, flips and cash, step by step', () => {
    const acc = new Account(tinyInstrument(), '1000');
    // buy 10 @ $1.00, fee 0.05: cash 1000 - 10 - 0.05 = 989.95
    acc.applyFill('buy', 100, 10, d('0.05'));
    expect([acc.cash.toFixed(), acc.position, acc.avgPrice.toFixed(), acc.fees.toFixed()]).toEqual(['989.95', 10, '1', '0.05']);
    // buy 10 @ 1.10: cash - 11 = 978.95; avg (10 + 11) / 20 = 1.05
    acc.applyFill('buy', 110, 10, d('0'));
    expect([acc.cash.toFixed(), acc.position, acc.avgPrice.toFixed()]).toEqual(['978.95', 20, '1.05']);
    // unrealized at mark 1.10: (1.10 - 1.05) x 20 = 1; equity = 978.95 + 22 = 1000.95
    expect(acc.unrealized(110).toFixed()).toBe('1');
    expect(acc.equity(110).toFixed()).toBe('1000.95');
    // sell 5 @ 1.20: cash + 6 = 984.95; realized (1.20 - 1.05) x 5 = 0.75; avg unchanged
    acc.applyFill('sell', 120, 5, d('0'));
    expect([acc.cash.toFixed(), acc.position, acc.avgPrice.toFixed(), acc.realized.toFixed()]).toEqual(['984.95', 15, '1.05', '0.75']);
    // sell 20 @ 0.90: closes 15 at (0.90 - 1.05) x 15 = -2.25 -> realized -1.5; short 5 at 0.90; cash + 18
    acc.applyFill('sell', 90, 20, d('0'));
    expect([acc.cash.toFixed(), acc.position, acc.avgPrice.toFixed(), acc.realized.toFixed()]).toEqual(['1002.95', -5, '0.9', '-1.5']);
    // short unrealized at 1.00: (1.00 - 0.90) x -5 = -0.5; equity 1002.95 - 5 = 997.95
    expect(acc.unrealized(100).toFixed()).toBe('-0.5');
    expect(acc.equity(100).toFixed()).toBe('997.95');
    // buy 5 @ 0.80 covers: realized += (0.90 - 0.80) x 5 = 0.5 -> -1; flat; cash - 4 = 998.95
    acc.applyFill('buy', 80, 5, d('0'));
    expect([acc.cash.toFixed(), acc.position, acc.avgPrice.toFixed(), acc.realized.toFixed()]).toEqual(['998.95', 0, '0', '-1']);
    // everything adds up: equity change = realized - fees = -1 - 0.05
    expect(acc.equity(undefined).minus(acc.startingCash).toFixed()).toBe('-1.05');
    expect(acc.unrealized(100).toFixed()).toBe('0');
  });

  it('realized P&L of a round trip is exact even when the average is a repeating decimal', () => {
    const acc = new Account(tinyInstrument(), '0');
    // buy 1 @ 1 and 2 @ 2: cost 5 for 3 (average 5/3); sell 3 @ 3: proceeds 9, realized 9 - 5 = 4
    acc.applyFill('buy', 100, 1, d('0'));
    acc.applyFill('buy', 200, 2, d('0'));
    acc.applyFill('sell', 300, 3, d('0'));
    expect(acc.realized.toFixed()).toBe('4');
    expect(acc.cash.toFixed()).toBe('4');
  });

  it('partial closes leave realized + unrealized equal to the equity change', () => {
    const acc = new Account(tinyInstrument(), '100');
    acc.applyFill('buy', 100, 1, d('0'));
    acc.applyFill('buy', 200, 2, d('0.01'));
    acc.applyFill('sell', 300, 1, d('0'));
    acc.applyFill('sell', 250, 1, d('0'));
    const mark = 170;
    const change = acc.equity(mark).minus(acc.startingCash);
    expect(acc.realized.plus(acc.unrealized(mark)).minus(acc.fees).toFixed()).toBe(change.toFixed());
  });

  it('keeps cash exact past 20 significant digits', () => {
    const inst = makeInstrument({ symbol: 'X', venue: 'T', assetClass: 'crypto', currency: 'USD', tickSize: '0.00000001', lotSize: '0.001' });
    const acc = new Account(inst, '10000000000');
    // 7 lots = 0.007 units at 1234.56789012: notional 8.64197523084
    acc.applyFill('buy', 123456789012, 7, d('0.00000000001'));
    // 10000000000 - 8.64197523084 - 0.00000000001 = 9999999991.35802476915
    expect(acc.cash.toFixed()).toBe('9999999991.35802476915');
    expect(acc.notional(123456789012, 7).toFixed()).toBe('8.64197523084');
  });

  it('a notional is exactly tick x price times lot x size, whichever way it is computed', () => {
    // notional() multiplies the instrument's one-lot-one-tick value by ticks x lots where that
    // product is an exact integer; the text must be what price x units gives.
    const Money = Decimal.clone({ precision: 80 });
    const step = fc.tuple(fc.integer({ min: 0, max: 10 }), fc.constantFrom(1, 5, 25)).map(([scale, units]) => new Decimal(units).dividedBy(new Decimal(10).pow(scale)).toFixed());
    fc.assert(
      fc.property(step, step, fc.integer({ min: -2e9, max: 2e9 }), fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 2 ** 40 })), (tickSize, lotSize, ticks, lots) => {
        const instrument = makeInstrument({ symbol: 'X', venue: 'v', currency: 'USD', assetClass: 'crypto', tickSize, lotSize });
        const acc = new Account(instrument, '0');
        const slow = new Money(ticks).times(new Money(tickSize)).times(new Money(lots).times(new Money(lotSize)));
        expect(acc.notional(ticks, lots).toFixed()).toBe(slow.toFixed());
        expect(acc.notional(ticks, lots).eq(slow)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
