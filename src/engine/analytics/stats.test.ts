import { describe, expect, it } from 'vitest';
import { correlation, mean, sampleCovariance, sampleStdDev, sampleVariance, slope } from './stats.js';
import { lowerQuantile } from './quantile.js';

// x = 2 4 4 4 5 5 7 9: sum 40, mean 5; deviations -3 -1 -1 -1 0 0 2 4, squares sum to
// 9+1+1+1+0+0+4+16 = 32, so the sample variance is 32/7.
// y = 1..8: mean 4.5; deviations -3.5 .. 3.5, squares sum to 2 x (12.25+6.25+2.25+0.25) = 42.
// Cross products (x-5)(y-4.5): 10.5 2.5 1.5 0.5 0 0 5 14 = 34, sample covariance 34/7.
const X = [2, 4, 4, 4, 5, 5, 7, 9];
const Y = [1, 2, 3, 4, 5, 6, 7, 8];

describe('moments', () => {
  it('mean, sample variance and sd by hand', () => {
    expect(mean(X)).toBe(5);
    expect(sampleVariance(X)).toBeCloseTo(32 / 7, 14);
    expect(sampleStdDev(X)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('covariance, correlation and slope by hand', () => {
    expect(sampleCovariance(X, Y)).toBeCloseTo(34 / 7, 14);
    expect(sampleCovariance(Y, X)).toBeCloseTo(34 / 7, 14);
    // 34 / sqrt(32 x 42) = 34 / sqrt(1344)
    expect(correlation(X, Y)).toBeCloseTo(34 / Math.sqrt(1344), 14);
    // slope of x on y: cov / var(y) = (34/7) / (42/7) = 34/42
    expect(slope(Y, X)).toBeCloseTo(34 / 42, 14);
  });

  it('stays accurate on large levels with a small spread', () => {
    // sum of squares minus n x mean^2 would work with values near 8e18, whose float64 spacing is
    // 1024, and lose everything; one pass of deviations keeps about 1e-7 (the spacing near 1e9).
    const shifted = X.map((x) => 1e9 + x);
    expect(mean(shifted)).toBe(1e9 + 5);
    expect(sampleVariance(shifted)).toBeCloseTo(32 / 7, 6);
  });

  it('undefined statistics are NaN, zero variance is 0', () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([])).toBeNaN();
    expect(sampleVariance([3])).toBeNaN();
    expect(sampleVariance([3, 3, 3])).toBe(0);
    expect(sampleCovariance([1], [2])).toBeNaN();
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(slope([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => sampleCovariance([1, 2], [1])).toThrow(RangeError);
  });
});

describe('lowerQuantile (x(k), k = max(1, ceil(n p)))', () => {
  it('picks an observed value without interpolation', () => {
    const v = [5, 1, 4, 2, 3];
    expect(lowerQuantile(v, 0.2)).toBe(1); // n p = 1 -> k = 1
    expect(lowerQuantile(v, 0.21)).toBe(2); // n p = 1.05 -> k = 2
    expect(lowerQuantile(v, 0.5)).toBe(3); // 2.5 -> 3
    expect(lowerQuantile(v, 0.01)).toBe(1); // 0.05 -> 1
    expect(lowerQuantile(v, 1)).toBe(5);
    expect(v).toEqual([5, 1, 4, 2, 3]); // input left unsorted
  });

  it('counts 60 x (1 - 0.95) as 3 although float64 makes it 3.0000000000000027', () => {
    const v = Array.from({ length: 60 }, (_, i) => i + 1);
    expect(60 * (1 - 0.95)).toBeGreaterThan(3);
    expect(lowerQuantile(v, 1 - 0.95)).toBe(3);
  });

  it('empty is NaN; p outside (0, 1] is refused', () => {
    expect(lowerQuantile([], 0.05)).toBeNaN();
    expect(() => lowerQuantile([1], 0)).toThrow(RangeError);
    expect(() => lowerQuantile([1], 1.5)).toThrow(RangeError);
  });
});
