import { lowerQuantile } from './quantile.js';

/*
 * Historical (empirical) tail risk of periodic returns at confidence level c (default 0.95),
 * tail probability p = 1 - c, q = lowerQuantile(returns, p) (the k-th smallest return,
 * k = max(1, ceil(n x p)); see quantile.ts):
 *   VaR_c  = -q                                  (a loss, positive when q < 0)
 *   CVaR_c = -mean of all returns r_i <= q       (expected shortfall; includes ties with q)
 * Since every return averaged is <= q, CVaR >= VaR always. Both are per period, in return units
 * (0.02 = 2 %), not annualized. NaN when there are no returns.
 */

function tailProbability(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return 1 - level;
}

/** Historical value at risk: -lowerQuantile(returns, 1 - level). */
export function valueAtRisk(returns: readonly number[], level = 0.95): number {
  return -lowerQuantile(returns, tailProbability(level));
}

/** Historical conditional value at risk (expected shortfall): -mean of the returns <= the quantile. */
export function conditionalValueAtRisk(returns: readonly number[], level = 0.95): number {
  const q = lowerQuantile(returns, tailProbability(level));
  if (Number.isNaN(q)) return NaN;
  let sum = 0;
  let n = 0;
  for (const r of returns) {
    if (r <= q) {
      sum += r;
      n++;
    }
  }
  return -(sum / n);
}
