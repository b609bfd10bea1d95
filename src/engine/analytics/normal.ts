/**
 * The standard normal distribution function and its inverse, to double precision: the deflated
 * Sharpe ratio needs both (its tail probabilities decide the verdict, so a crude approximation
 * would move it).
 */

/**
 * Phi(x) = P(Z <= x). Hart's rational approximation (1968, algorithm 5666, as set out by West,
 * "Better approximations to cumulative normal functions", 2005) near the centre, a continued
 * fraction in the tails; accurate to about 1e-15 absolute
 * (relative accuracy thins out in the far tails: about 1e-10 at x = -5).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let tail: number;
  if (a > 37) tail = 0;
  else {
    const density = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      const num = ((((((0.0352624965998911 * a + 0.700383064443688) * a + 6.37396220353165) * a + 33.912866078383) * a + 112.079291497871) * a + 221.213596169931) * a + 220.206867912376);
      const den = (((((((0.0883883476483184 * a + 1.75566716318264) * a + 16.064177579207) * a + 86.7807322029461) * a + 296.564248779674) * a + 637.333633378831) * a + 793.826512519948) * a + 440.413735824752);
      tail = (density * num) / den;
    } else {
      const cf = a + 1 / (a + 2 / (a + 3 / (a + 4 / (a + 0.65))));
      tail = density / cf / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Coefficients of Acklam's rational approximation to the inverse (relative error below 1.2e-9). */
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Phi^-1(p): Acklam's approximation, then one Halley step against normalCdf, which takes it to
 * the precision of normalCdf itself. -Infinity at 0, +Infinity at 1, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const v = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    x = p < P_LOW ? v : -v;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
