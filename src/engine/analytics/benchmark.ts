import type { DayReturn } from './series.js';
import { correlation, slope } from './stats.js';

/*
 * A portfolio against a benchmark over aligned periods: r_p and r_b are returns over the same
 * periods, index by index (align dated returns with alignReturns first).
 *   beta = cov(r_p, r_b) / var(r_b), both sample (divisor n - 1, which cancels)
 *   correlation = cov(r_p, r_b) / (sd(r_p) x sd(r_b))
 * NaN for fewer than two periods or a benchmark of zero variance (and, for correlation, a
 * portfolio of zero variance). Lists of different lengths are an error.
 */

/** Beta of portfolio returns against benchmark returns. */
export function beta(portfolio: readonly number[], benchmark: readonly number[]): number {
  return slope(benchmark, portfolio);
}

/** Pearson correlation of portfolio and benchmark returns, in [-1, 1]. */
export function returnCorrelation(portfolio: readonly number[], benchmark: readonly number[]): number {
  return correlation(portfolio, benchmark);
}

/**
 * The periods both series have, in the order of `a` (days keyed alike, e.g. both from
 * dailyReturns with the same day key), as two index-aligned lists. A day present in only one
 * series is dropped.
 */
export function alignReturns(a: readonly DayReturn[], b: readonly DayReturn[]): { days: string[]; a: number[]; b: number[] } {
  const byDay = new Map<string, number>();
  for (const r of b) byDay.set(r.day, r.ret);
  const out = { days: [] as string[], a: [] as number[], b: [] as number[] };
  for (const r of a) {
    const rb = byDay.get(r.day);
    if (rb === undefined) continue;
    out.days.push(r.day);
    out.a.push(r.ret);
    out.b.push(rb);
  }
  return out;
}
