import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equityKpis } from './kpis.js';

const DAY_NS = 86_400_000_000_000;

describe('equityKpis (the run report\'s KPI block)', () => {
  it('by hand: 100 110 99 99 118.8 sampled daily (365.25 periods a year)', () => {
    // returns 0.1 -0.1 0 0.2: mean 0.05, sample variance 1/60, downside deviation 0.05
    // volatility = sqrt(1/60) x sqrt(365.25) = sqrt(6.0875) = 2.4672859582950655
    // sharpe = 0.05 x sqrt(60 x 365.25) = 0.05 x sqrt(21915) = 7.401857874885197
    // sortino = 0.05 / 0.05 x sqrt(365.25) = 19.11151485361639
    // max drawdown = (110 - 99) / 110 = 0.1
    const k = equityKpis([100, 110, 99, 99, 118.8], DAY_NS);
    expect(Object.keys(k).sort()).toEqual(['max_drawdown', 'sharpe', 'sortino', 'total_return', 'volatility']);
    expect(k.total_return).toBeCloseTo(0.188, 14);
    expect(k.volatility).toBeCloseTo(2.4672859582950655, 13);
    expect(k.sharpe).toBeCloseTo(7.401857874885197, 12);
    expect(k.sortino).toBeCloseTo(19.11151485361639, 12);
    expect(k.max_drawdown).toBeCloseTo(0.1, 15);
  });

  it('keeps its plain-number conventions: 0 where a statistic is undefined or unbounded', () => {
    const zeros = { total_return: 0, volatility: 0, sharpe: 0, sortino: 0, max_drawdown: 0 };
    expect(equityKpis([], DAY_NS)).toEqual(zeros);
    expect(equityKpis([100], DAY_NS)).toEqual(zeros);
    expect(equityKpis([0, 5], DAY_NS)).toEqual(zeros);
    // one return: no sample sd -> volatility and sharpe 0; it is a gain, so no downside -> sortino 0
    expect(equityKpis([100, 101], DAY_NS)).toEqual({ ...zeros, total_return: expect.closeTo(0.01, 14) });
    // flat: zero sd
    expect(equityKpis([100, 100, 100], DAY_NS)).toEqual(zeros);
    // a wiped-out account: the return off 0 counts as 0; max drawdown 1
    const w = equityKpis([100, 0, 50], DAY_NS);
    expect(w.total_return).toBe(-0.5);
    expect(w.max_drawdown).toBe(1);
    expect(Number.isFinite(w.sharpe) && Number.isFinite(w.sortino) && Number.isFinite(w.volatility)).toBe(true);
  });

  it('matches a plain two-pass computation of the same formulas on random positive series', () => {
    // The reference: sums and a second pass over deviations, as written in the doc comment.
    const reference = (e: number[], intervalNs: number) => {
      const r = e.slice(1).map((x, i) => x / e[i] - 1);
      const n = r.length;
      const m = r.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
      const dd = Math.sqrt(r.reduce((a, x) => a + Math.min(x, 0) ** 2, 0) / n);
      const ann = Math.sqrt((365.25 * DAY_NS) / intervalNs);
      let mdd = 0;
      for (let j = 0; j < e.length; j++) mdd = Math.max(mdd, 1 - e[j] / Math.max(...e.slice(0, j + 1)));
      return { total_return: e[e.length - 1] / e[0] - 1, volatility: sd * ann, sharpe: (m / sd) * ann, sortino: (m / dd) * ann, max_drawdown: mdd };
    };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 3, maxLength: 60 }), fc.integer({ min: 1, max: 10 ** 12 }), (e, interval) => {
        const r = e.slice(1).map((x, i) => x / e[i] - 1);
        fc.pre(new Set(r).size > 1 && r.some((x) => x < 0));
        const got = equityKpis(e, interval);
        const want = reference(e, interval);
        for (const key of Object.keys(want) as (keyof typeof want)[]) {
          expect(Math.abs(got[key] - want[key])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[key])));
        }
      }),
      { numRuns: 300 },
    );
  });
});
