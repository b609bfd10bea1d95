import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal.js';
import { averageRank, combinations, cscvPbo, deflatedSharpe, populationShape, sharpe } from './overfitting.js';

describe('the normal distribution', () => {
  it('matches tabulated values of Phi and its inverse', () => {
    // Reference values from Python's math.erfc: 0.5 * erfc(-x / sqrt(2)). Hart's approximation is exact to about 1e-15 absolute.
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-5)).toBeCloseTo(2.866515718791946e-7, 15);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300957, 15);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 10);
    expect(normalQuantile(0)).toBe(-Infinity);
    for (const p of [0.001, 0.02, 0.3, 0.7, 0.99, 0.9999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
  });
});

describe('Sharpe and ranks', () => {
  it('is mean over the n-1 deviation, 0 for a flat series', () => {
    expect(sharpe([1, 3])).toBeCloseTo(2 / Math.SQRT2, 15);
    expect(sharpe([0.01, 0.01, 0.01])).toBe(0);
    expect(sharpe([])).toBe(0);
  });
  it('averages tied ranks, 1 for the smallest', () => {
    expect(averageRank([5, 1, 5, 3], 0)).toBe(3.5);
    expect(averageRank([5, 1, 5, 3], 1)).toBe(1);
    expect(combinations(4, 2)).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
  });
});

describe('PBO by CSCV', () => {
  /*
   * Worked by hand. Two cases, four periods, two blocks of two. Sharpe of [a, b] is
   * (a + b) / (sqrt 2 |a - b|).  A = [1, 3 | 0, 2]: blocks 1.414, 0.707.  B = [1, 2 | 3, -1]:
   * blocks 2.121, 0.354.  In-sample block 0: B wins (2.121) but is worst out of sample (0.354 <
   * 0.707): rank 1, w = 1/3, lambda = ln(1/2). In-sample block 1: A wins (0.707) and is worst in
   * block 0 (1.414 < 2.121): lambda = ln(1/2) again. Both splits overfit: PBO = 1.
   */
  it('gives 1 when the in-sample winner is always last out of sample', () => {
    const r = cscvPbo([[1, 3, 0, 2], [1, 2, 3, -1]], 2);
    expect(r.splits.map((s) => s.best)).toEqual([1, 0]);
    expect(r.splits.map((s) => s.oosRank)).toEqual([1, 1]);
    for (const s of r.splits) expect(s.lambda).toBeCloseTo(Math.log(0.5), 15);
    expect(r.pbo).toBe(1);
  });
  it('gives 0 when the winner stays first, and drops the first T mod S periods', () => {
    // B beats A in both blocks; the leading 99 is dropped (5 periods, 2 blocks of 2).
    const r = cscvPbo([[99, 1, 3, 0, 2], [99, 1, 1.5, 1, 1.5]], 2);
    expect(r.dropped).toBe(1);
    expect(r.splits.map((s) => s.best)).toEqual([1, 1]);
    expect(r.pbo).toBe(0);
    for (const s of r.splits) expect(s.lambda).toBeCloseTo(Math.log(2), 15);
  });
  it('refuses what it cannot compute', () => {
    expect(() => cscvPbo([[1, 2]], 2)).toThrow(/at least 2 cases/);
    expect(() => cscvPbo([[1, 2], [1, 2]], 3)).toThrow(/even/);
    expect(() => cscvPbo([[1], [2]], 2)).toThrow(/too few/);
  });
});

describe('deflated Sharpe ratio', () => {
  it('follows the formula, worked by hand for two cases', () => {
    /*
     * Two cases: A = [0.01, -0.01, 0.02, 0] and B = [0, 0, 0.01, -0.01]. SR_A = 0.005 / sd,
     * sd_A = sqrt(((0.005)^2 + (0.015)^2 + (0.015)^2 + (0.005)^2) / 3) = 0.0129099..., SR_A =
     * 0.387298...; SR_B = 0. V = (0.387298^2) / 2. For N = 2, Phi^-1(1/2) = 0 and
     * Phi^-1(1 - 1/(2e)) = Phi^-1(0.816060...) = 0.900... . A's population moments: deviations
     * 0.005, -0.015, 0.015, -0.005: m2 = 1.25e-4, m3 = 0, m4 = 2.5625e-8 -> g3 = 0, g4 = 1.64.
     */
    const a = [0.01, -0.01, 0.02, 0];
    const b = [0, 0, 0.01, -0.01];
    const d = deflatedSharpe([a, b]);
    const srA = 0.005 / Math.sqrt((0.005 ** 2 + 0.015 ** 2 + 0.015 ** 2 + 0.005 ** 2) / 3);
    expect(d.selected).toBe(0);
    expect(d.sharpe).toBeCloseTo(srA, 14);
    expect(populationShape(a).skewness).toBeCloseTo(0, 12);
    expect(populationShape(a).kurtosis).toBeCloseTo(1.64, 12);
    const e = 0.5772156649015329;
    const sr0 = Math.sqrt(srA ** 2 / 2) * (e * normalQuantile(1 - 1 / (2 * Math.E)));
    const z = ((srA - sr0) * Math.sqrt(3)) / Math.sqrt(1 + (0.64 / 4) * srA ** 2);
    expect(d.expectedMaxSharpe).toBeCloseTo(sr0, 14);
    expect(d.value!).toBeCloseTo(normalCdf(z), 14);
    // Phi^-1(1 - 1/(2e)) from tables: 0.90034...; the DSR lands near 0.62.
    expect(normalQuantile(1 - 1 / (2 * Math.E))).toBeCloseTo(0.9003, 3);
    expect(d.value!).toBeGreaterThan(0.55);
    expect(d.value!).toBeLessThan(0.7);
  });
  it('is null for a flat winner', () => {
    expect(deflatedSharpe([[0, 0, 0], [-0.1, 0.1, -0.1]]).value).toBeNull();
  });
});
