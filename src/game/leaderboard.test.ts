import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boardKey, bucketOf, decodeScore, encodeScore, periodOfBoard, returnPct, scoreOfStanding } from './leaderboard.js';

describe('leaderboard scores', () => {
  it('decode back to the return (at 0.0001 %) and the trade count', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 32 - 1), max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), (units, trades) => {
        const d = decodeScore(encodeScore(units / 10_000, trades));
        expect(d.trades).toBe(trades);
        expect(Math.round(d.returnPct * 10_000)).toBe(units);
      }),
      { numRuns: 2_000, examples: [[0, 0]] },
    );
  });

  it('order as documented: return first, then more trades; never trades over return', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), (units, t1, t2) => {
        const r = units / 10_000;
        // A better return by the smallest step beats any number of trades.
        expect(encodeScore(r + 0.0001, 0)).toBeLessThan(encodeScore(r, 2 ** 20 - 1));
        // Same return: more trades rank first (lower score).
        if (t1 !== t2) expect(encodeScore(r, t1) < encodeScore(r, t2)).toBe(t1 > t2);
        else expect(encodeScore(r, t1)).toBe(encodeScore(r, t2));
      }),
      { numRuns: 2_000 },
    );
    expect(Object.is(encodeScore(0, 0), -0)).toBe(false);
  });

  it('computes return % from P&L over the opening equity, and ranks only with enough trades', () => {
    const s = { baseNav: '10000', basePnl: '250', pnl: '750', trades: 3 };
    expect(returnPct(s)).toBe(5);
    expect(scoreOfStanding(s, 'week')).toBe(encodeScore(5, 3));
    expect(scoreOfStanding(s, 'month')).toBeNull(); // 5 trades needed
    expect(scoreOfStanding(s, 'day', true)).toBeNull(); // disqualified
    expect(scoreOfStanding(s, 'all', false, 3)).toBe(encodeScore(5, 3));
  });

  it('buckets periods in UTC: days, weeks from Monday, calendar months', () => {
    const at = Date.parse('2026-03-01T23:30:00Z'); // a Sunday
    expect(bucketOf('day', at)).toBe('day:2026-03-01');
    expect(bucketOf('week', at)).toBe('week:2026-02-23');
    expect(bucketOf('month', at)).toBe('month:2026-03');
    expect(bucketOf('all', at)).toBe('all');
    expect(boardKey('cohort:fin101', 'week', at)).toBe('cohort:fin101|week:2026-02-23');
    expect(periodOfBoard('cohort:fin101|week:2026-02-23')).toBe('week');
    expect(periodOfBoard('global|all')).toBe('all');
  });
});
