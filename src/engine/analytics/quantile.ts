/**
 * The lower empirical quantile, without interpolation (the inverse of the empirical distribution
 * function, "type 1"): sort the n values ascending as x(1) <= ... <= x(n) and take x(k) with
 * k = ceil(n * p), at least 1. It is always one of the observed values, so a VaR read off it is a
 * loss that really happened.
 *
 * n * p is rounded to 9 decimals before the ceiling: with p = 1 - 0.95, 60 * p is
 * 3.0000000000000027 in float64 and must count as 3, not 4.
 */
export function lowerQuantile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 1)) throw new RangeError(`quantile probability must be in (0, 1], got ${p}`);
  const n = values.length;
  if (n === 0) return NaN;
  const k = Math.max(1, Math.ceil(Math.round(n * p * 1e9) / 1e9));
  return [...values].sort((a, b) => a - b)[k - 1];
}
