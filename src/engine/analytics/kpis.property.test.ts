import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beta, returnCorrelation } from './benchmark.js';
import { drawdownAnalysis, maxDrawdown } from './drawdown.js';
import { monthlyReturns } from './monthly.js';
import { annualizedReturn, sharpeRatio, sortinoRatio, totalReturn, volatility } from './performance.js';
import { logReturns, simpleReturns } from './returns.js';
import { sampleStdDev } from './stats.js';
import { conditionalValueAtRisk, valueAtRisk } from './tail-risk.js';
import { tradeStats } from './trades.js';

const DAY = 86_400_000_000_000n;
const equityArb = fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 80 });
// Returns in steps of 1e-6 (0.01 basis point): real returns, none so tiny that scaling them underflows.
const returnsArb = fc.array(fc.integer({ min: -500_000, max: 500_000 }).map((x) => x / 1e6), { minLength: 1, maxLength: 120 });
// Equity within four orders of magnitude: 1 + r never cancels to a handful of significant bits.
const tameEquityArb = fc.array(fc.double({ min: 1, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 80 });

/** Every ratio the library states about an equity series sampled daily. */
function ratios(e: number[]) {
  const r = simpleReturns(e);
  const pts = e.map((x, i) => ({ ts: BigInt(i) * DAY, equity: x }));
  return {
    total: totalReturn(e),
    cagr: annualizedReturn(pts),
    vol: volatility(r, 252),
    sharpe: sharpeRatio(r, 252, 0.03),
    sortino: sortinoRatio(r, 252),
    mdd: maxDrawdown(e),
    mddDuration: Number(drawdownAnalysis(pts).maxDrawdownDurationNs),
    var95: valueAtRisk(r),
    cvar95: conditionalValueAtRisk(r),
  };
}

function near(a: number, b: number, tol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b);
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a));
}

describe('KPI invariants', () => {
  it('max drawdown of positive equity is in [0, 1) and equals the brute-force maximum', () => {
    fc.assert(fc.property(equityArb, (e) => {
      const m = maxDrawdown(e);
      expect(m).toBeGreaterThanOrEqual(0);
      expect(m).toBeLessThan(1);
      let brute = 0;
      for (let j = 0; j < e.length; j++) for (let i = 0; i <= j; i++) brute = Math.max(brute, 1 - e[j] / e[i]);
      expect(m).toBeCloseTo(brute, 14);
    }));
  });

  it('scaling equity by a power of two changes no ratio, bit for bit (the scaling is exact in float64)', () => {
    fc.assert(fc.property(equityArb, fc.integer({ min: -20, max: 20 }), (e, k) => {
      const c = 2 ** k;
      expect(ratios(e.map((x) => x * c))).toEqual(ratios(e));
    }));
  });

  it('scaling equity by any positive constant changes no ratio beyond rounding', () => {
    fc.assert(fc.property(equityArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (e, c) => {
      // Ratios over a near-zero sd or downside deviation amplify the last-bit rounding of each
      // scaled return, so near-flat steps (|r| under 1e-5 but not exactly 0) are left out.
      const r = simpleReturns(e);
      fc.pre(r.every((x) => x === 0 || Math.abs(x) > 1e-5) && (r.length < 2 || sampleStdDev(r) > 1e-4));
      const a = ratios(e);
      const b = ratios(e.map((x) => x * c));
      for (const key of Object.keys(a) as (keyof typeof a)[]) expect(near(b[key], a[key], 1e-9), `${key}: ${a[key]} vs ${b[key]}`).toBe(true);
    }));
  });

  it('VaR <= CVaR <= the worst loss; VaR at 99 % >= VaR at 95 %', () => {
    fc.assert(fc.property(returnsArb, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (r, level) => {
      const v = valueAtRisk(r, level);
      const cv = conditionalValueAtRisk(r, level);
      expect(v).toBeLessThanOrEqual(cv);
      expect(cv).toBeLessThanOrEqual(-Math.min(...r));
      expect(valueAtRisk(r, 0.99)).toBeGreaterThanOrEqual(valueAtRisk(r, 0.95));
    }));
  });

  it('beta and correlation of a series against itself are 1; beta of a x b + c against b is a', () => {
    fc.assert(fc.property(returnsArb, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -0.01, max: 0.01, noNaN: true }), (b, a, c) => {
      fc.pre(b.length >= 2 && sampleStdDev(b) > 1e-6);
      expect(beta(b, b)).toBeCloseTo(1, 12);
      expect(returnCorrelation(b, b)).toBeCloseTo(1, 12);
      expect(beta(b.map((x) => a * x + c), b)).toBeCloseTo(a, 9);
      const rho = returnCorrelation(b.map((x, i) => x * ((i % 3) - 1)), b);
      expect(Number.isNaN(rho) || (rho >= -1 && rho <= 1)).toBe(true);
    }));
  });

  it('Sharpe and Sortino (rf 0) do not change when every return is scaled by k > 0; volatility ignores a constant added to every return', () => {
    fc.assert(fc.property(returnsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -0.1, max: 0.1, noNaN: true }), (r, k, c) => {
      fc.pre(r.length >= 2 && sampleStdDev(r) > 1e-6);
      const scaled = r.map((x) => x * k);
      expect(near(sharpeRatio(scaled, 252), sharpeRatio(r, 252), 1e-9)).toBe(true);
      expect(near(sortinoRatio(scaled, 365), sortinoRatio(r, 365), 1e-9)).toBe(true);
      expect(volatility(r.map((x) => x + c), 252)).toBeCloseTo(volatility(r, 252), 9);
    }));
  });

  it('returns compound to the total return, log returns add up to its log, months to the whole', () => {
    fc.assert(fc.property(tameEquityArb, (e) => {
      const growth = simpleReturns(e).reduce((g, x) => g * (1 + x), 1);
      expect(near(growth - 1, totalReturn(e), 1e-10)).toBe(true);
      expect(logReturns(e).reduce((s, x) => s + x, 0)).toBeCloseTo(Math.log(1 + totalReturn(e)), 9);
      // spread the returns over days 10 apart from 2024-01-01; months must compound to the same
      const daily = simpleReturns(e).map((ret, i) => ({ day: new Date(Date.UTC(2024, 0, 1 + 10 * i)).toISOString().slice(0, 10), ret }));
      const months = monthlyReturns(daily).reduce((g, m) => g * (1 + m.ret), 1);
      expect(near(months, growth, 1e-10)).toBe(true);
    }));
  });

  it('trade statistics reconcile: expectancy = win rate x average win + loss rate x average loss', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 100 }), (p) => {
      const s = tradeStats(p.map(String));
      const zeros = p.filter((x) => x === 0).length;
      expect(s.wins + s.losses + zeros).toBe(s.count);
      const parts = (s.wins > 0 ? s.winRate * s.averageWin : 0) + (s.losses > 0 ? (s.losses / s.count) * s.averageLoss : 0);
      expect(s.expectancy).toBeCloseTo(parts, 9);
      if (s.losses > 0) expect(s.profitFactor).toBeCloseTo((s.wins * (s.wins > 0 ? s.averageWin : 0)) / (s.losses * -s.averageLoss), 9);
    }));
  });
});
