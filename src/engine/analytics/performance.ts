import { ratio, toFloat, toFloats, type Numeric } from './numeric.js';
import { perPeriodRate, yearsBetween } from './periods.js';
import type { EquityPoint } from './series.js';
import { mean, sampleStdDev } from './stats.js';

/*
 * Return and risk-adjusted return KPIs. Per-period statistics take periodic returns r_1 .. r_n
 * (see returns.ts) and ppy, the periods per year (see periods.ts). The annual risk-free rate rf
 * becomes the per-period rate rf_p = (1 + rf)^(1/ppy) - 1.
 */

/** E_end / E_0 - 1 over an equity series; NaN when empty or E_0 <= 0. */
export function totalReturn(equity: readonly Numeric[]): number {
  if (equity.length === 0) return NaN;
  const first = toFloat(equity[0], 'equity');
  const last = toFloat(equity[equity.length - 1], 'equity');
  return first > 0 ? last / first - 1 : NaN;
}

/**
 * Compound annual growth rate: (E_end / E_0)^(1 / years) - 1. NaN when years <= 0, E_0 <= 0 or
 * E_end < 0 (no real root); -1 when E_end is 0.
 */
export function cagr(startEquity: Numeric, endEquity: Numeric, years: number): number {
  const e0 = toFloat(startEquity, 'equity');
  const e1 = toFloat(endEquity, 'equity');
  if (!(years > 0) || !(e0 > 0) || !(e1 >= 0)) return NaN;
  return Math.pow(e1 / e0, 1 / years) - 1;
}

/**
 * Annualized return of a timestamped series: cagr of its first and last equity over the elapsed
 * time in years of 365.25 days, years = (ts_end - ts_0) / (365.25 x 86400 x 1e9).
 */
export function annualizedReturn(points: readonly EquityPoint[]): number {
  if (points.length < 2) return NaN;
  const first = points[0];
  const last = points[points.length - 1];
  return cagr(first.equity, last.equity, yearsBetween(first.ts, last.ts));
}

/** Annualized volatility: sample sd of the returns (divisor n - 1) x sqrt(ppy); NaN for n < 2. */
export function volatility(returns: readonly number[], ppy: number): number {
  return sampleStdDev(returns) * Math.sqrt(ppy);
}

/**
 * Sharpe ratio: (mean(r) - rf_p) / sd(r) x sqrt(ppy), sd the sample sd (subtracting a constant
 * rf_p does not change it). NaN for n < 2; zero sd follows ratio(): +/-Infinity, or NaN when the
 * mean excess is 0 too.
 */
export function sharpeRatio(returns: readonly number[], ppy: number, annualRiskFree = 0): number {
  const excess = mean(returns) - perPeriodRate(annualRiskFree, ppy);
  return ratio(excess, sampleStdDev(returns)) * Math.sqrt(ppy);
}

/**
 * Downside deviation below `target` (per period, not annualized):
 * sqrt( (1/n) x sum over all n periods of min(r_i - target, 0)^2 ). The divisor is n, every
 * period, not only the losing ones. NaN when empty.
 */
export function downsideDeviation(returns: readonly number[], target = 0): number {
  if (returns.length === 0) return NaN;
  let s = 0;
  for (const r of returns) {
    const d = Math.min(r - target, 0);
    s += d * d;
  }
  return Math.sqrt(s / returns.length);
}

/**
 * Sortino ratio: (mean(r) - rf_p) / downsideDeviation(r, target = rf_p) x sqrt(ppy). With the
 * default rf = 0 the target is 0: downside deviation = sqrt(mean(min(r, 0)^2)). No period below
 * the target follows ratio(): Infinity for a positive mean excess. NaN when empty.
 */
export function sortinoRatio(returns: readonly number[], ppy: number, annualRiskFree = 0): number {
  const rf = perPeriodRate(annualRiskFree, ppy);
  return ratio(mean(returns) - rf, downsideDeviation(returns, rf)) * Math.sqrt(ppy);
}

/**
 * Calmar ratio: annualized return / max drawdown, both over the whole sample given (not the
 * customary trailing 36 months: pass that window's figures for the classic one). A series that
 * never drew down follows ratio(): Infinity for a positive return.
 */
export function calmarRatio(annualReturn: number, maxDrawdown: number): number {
  return ratio(annualReturn, maxDrawdown);
}

/** The float equity values of a series of points, for the functions above that take a list. */
export function equityValues(points: readonly EquityPoint[]): number[] {
  return toFloats(points.map((p) => p.equity), 'equity');
}
