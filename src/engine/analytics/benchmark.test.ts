import { describe, expect, it } from 'vitest';
import { alignReturns, beta, returnCorrelation } from './benchmark.js';

describe('beta and correlation against a benchmark', () => {
  it('by hand', () => {
    // b = 0.01, -0.02, 0.03, 0.00: mean 0.005, deviations 0.005 -0.025 0.025 -0.005,
    //   squares sum 0.000025 + 0.000625 + 0.000625 + 0.000025 = 0.0013
    // p = 2b + 0.001 exactly linear -> beta 2, correlation 1
    const b = [0.01, -0.02, 0.03, 0];
    const p = b.map((x) => 2 * x + 0.001);
    expect(beta(p, b)).toBeCloseTo(2, 13);
    expect(returnCorrelation(p, b)).toBeCloseTo(1, 13);
    // q = 0.02, 0.01, -0.01, 0.00: mean 0.005, deviations 0.015 0.005 -0.015 -0.005
    //   cross products with b's: 0.000075 - 0.000125 - 0.000375 + 0.000025 = -0.0004
    //   beta = -0.0004 / 0.0013 = -0.307692...; var(q) numerator 0.000225+0.000025+0.000225+0.000025 = 0.0005
    //   correlation = -0.0004 / sqrt(0.0013 x 0.0005) = -0.4961389...
    const q = [0.02, 0.01, -0.01, 0];
    expect(beta(q, b)).toBeCloseTo(-4 / 13, 13);
    expect(returnCorrelation(q, b)).toBeCloseTo(-0.0004 / Math.sqrt(0.0013 * 0.0005), 13);
  });

  it('undefined cases are NaN; different lengths are an error', () => {
    expect(beta([0.1, 0.2], [0.01, 0.01])).toBeNaN();
    expect(beta([0.1], [0.2])).toBeNaN();
    expect(returnCorrelation([0.1, 0.1], [0.01, 0.02])).toBeNaN();
    expect(() => beta([0.1, 0.2], [0.1])).toThrow(RangeError);
  });

  it('aligns dated returns on the days both have', () => {
    const a = [{ day: '2024-01-02', ret: 1 }, { day: '2024-01-03', ret: 2 }, { day: '2024-01-05', ret: 3 }];
    const b = [{ day: '2024-01-03', ret: 20 }, { day: '2024-01-04', ret: 30 }, { day: '2024-01-05', ret: 40 }];
    expect(alignReturns(a, b)).toEqual({ days: ['2024-01-03', '2024-01-05'], a: [2, 3], b: [20, 40] });
  });
});
