/**
 * Moments of float samples, one pass each (Welford's updates), which stay accurate when the
 * values are large with a small spread, as equity levels are. Undefined statistics are NaN:
 * the mean of nothing, the sample variance of fewer than two values.
 */

/** Arithmetic mean; NaN when empty. */
export function mean(xs: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += (xs[i] - m) / (i + 1);
  return xs.length === 0 ? NaN : m;
}

/** Sample variance, divisor n - 1; NaN for fewer than two values. */
export function sampleVariance(xs: readonly number[]): number {
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - m;
    m += d / (i + 1);
    m2 += d * (xs[i] - m);
  }
  return xs.length < 2 ? NaN : m2 / (xs.length - 1);
}

/** Sample standard deviation, sqrt(sampleVariance). */
export function sampleStdDev(xs: readonly number[]): number {
  return Math.sqrt(sampleVariance(xs));
}

/** Sums of a paired sample, one pass: n, both variances' and the co-moment's numerators. */
interface PairMoments {
  n: number;
  sxx: number;
  syy: number;
  sxy: number;
}

function pairMoments(xs: readonly number[], ys: readonly number[]): PairMoments {
  if (xs.length !== ys.length) throw new RangeError(`paired samples differ in length: ${xs.length} and ${ys.length}`);
  let mx = 0;
  let my = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    mx += dx / (i + 1);
    my += dy / (i + 1);
    sxx += dx * (xs[i] - mx);
    syy += dy * (ys[i] - my);
    sxy += dx * (ys[i] - my);
  }
  return { n: xs.length, sxx, syy, sxy };
}

/** Sample covariance, divisor n - 1; NaN for fewer than two pairs. Throws when lengths differ. */
export function sampleCovariance(xs: readonly number[], ys: readonly number[]): number {
  const p = pairMoments(xs, ys);
  return p.n < 2 ? NaN : p.sxy / (p.n - 1);
}

/**
 * Pearson correlation, clamped to [-1, 1] against rounding; NaN for fewer than two pairs or when
 * either side has zero variance.
 */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const p = pairMoments(xs, ys);
  if (p.n < 2 || p.sxx === 0 || p.syy === 0) return NaN;
  return Math.max(-1, Math.min(1, p.sxy / Math.sqrt(p.sxx * p.syy)));
}

/** Least-squares slope of ys on xs: cov(x, y) / var(x); NaN when var(x) is 0 or n < 2. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const p = pairMoments(xs, ys);
  if (p.n < 2 || p.sxx === 0) return NaN;
  return p.sxy / p.sxx;
}
