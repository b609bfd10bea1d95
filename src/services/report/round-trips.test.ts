import { describe, expect, it } from 'vitest';
import type { ReportFill } from './report-data.js';
import { roundTrips } from './round-trips.js';

const f = (ts: number, side: 'buy' | 'sell', qty: string, price: string, fee: string, symbol = 'XYZ'): ReportFill => ({ ts: BigInt(ts), symbol, side, qty, price, fee });

describe('round trips', () => {
  it('runs from flat to flat, P&L after every fee of the trip', () => {
    // Long 10 @ 100 (fee 1), sell 4 @ 105 (fee 0.4), sell 6 @ 95 (fee 0.6):
    // realized 4 x 5 + 6 x -5 = -10, fees 2, P&L -12.
    const trips = roundTrips([f(1, 'buy', '10', '100', '1'), f(2, 'sell', '4', '105', '0.4'), f(3, 'sell', '6', '95', '0.6')]);
    expect(trips.map((t) => [t.openTs, t.closeTs, t.pnl.toString()])).toEqual([[1n, 3n, '-12']]);
  });

  it('splits a flip through zero into two trips, its fee by quantity', () => {
    // Long 5 @ 100 (fee 0.5); sell 8 @ 110 (fee 0.8) closes 5 (realized 50, fee share 0.5) and
    // opens a short of 3 (fee share 0.3); buy 3 @ 100 (fee 0.3) closes it: realized 30.
    const trips = roundTrips([f(1, 'buy', '5', '100', '0.5'), f(2, 'sell', '8', '110', '0.8'), f(3, 'buy', '3', '100', '0.3')]);
    expect(trips.map((t) => [t.openTs, t.closeTs, t.pnl.toString()])).toEqual([
      [1n, 2n, '49'],
      [2n, 3n, '29.4'],
    ]);
  });

  it('leaves an open trip out and keeps symbols apart', () => {
    const trips = roundTrips([
      f(1, 'buy', '1', '10', '0', 'A'),
      f(2, 'buy', '2', '50', '0', 'B'),
      f(3, 'sell', '1', '12', '0', 'A'),
      f(4, 'sell', '1', '55', '0', 'B'),
    ]);
    expect(trips.map((t) => [t.symbol, t.pnl.toString()])).toEqual([['A', '2']]);
  });

  it('adds up to realized P&L less fees when the book ends flat', () => {
    const fills = [
      f(1, 'buy', '3', '10.01', '0.01'),
      f(2, 'buy', '2', '10.03', '0.01'),
      f(3, 'sell', '4', '10.02', '0.02'),
      f(4, 'sell', '3', '10.05', '0.01'),
      f(5, 'buy', '2', '10', '0.01'),
    ];
    // Cash flows: -30.03 - 20.06 + 40.08 + 30.15 - 20 = 0.14, less 0.06 fees = 0.08.
    const trips = roundTrips(fills);
    expect(trips).toHaveLength(2);
    expect(trips.map((t) => t.pnl).reduce((a, b) => a.plus(b)).toString()).toBe('0.08');
  });
});
