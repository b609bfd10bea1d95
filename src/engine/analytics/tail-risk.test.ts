import { describe, expect, it } from 'vitest';
import { conditionalValueAtRisk, valueAtRisk } from './tail-risk.js';

describe('historical VaR and CVaR', () => {
  // 20 returns: -0.05, -0.04, -0.03, then 17 values 0.01 (in shuffled order).
  const R = [0.01, -0.03, 0.01, 0.01, -0.05, 0.01, 0.01, 0.01, 0.01, -0.04, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01];

  it('95 %: k = ceil(20 x 0.05) = 1 -> q = -0.05; VaR = CVaR = 0.05', () => {
    expect(valueAtRisk(R)).toBeCloseTo(0.05, 15);
    expect(conditionalValueAtRisk(R)).toBeCloseTo(0.05, 15);
  });

  it('85 %: k = ceil(20 x 0.15) = 3 -> q = -0.03; CVaR = -(-0.05 - 0.04 - 0.03) / 3 = 0.04', () => {
    expect(valueAtRisk(R, 0.85)).toBeCloseTo(0.03, 15);
    expect(conditionalValueAtRisk(R, 0.85)).toBeCloseTo(0.04, 15);
  });

  it('ties with the quantile are in the tail: 50 % of 20 -> k = 10 -> q = 0.01, every return averaged', () => {
    // mean of all 20: (17 x 0.01 - 0.12) / 20 = 0.05 / 20 = 0.0025 -> CVaR = -0.0025 (a gain)
    expect(valueAtRisk(R, 0.5)).toBeCloseTo(-0.01, 15);
    expect(conditionalValueAtRisk(R, 0.5)).toBeCloseTo(-0.0025, 15);
  });

  it('empty is NaN; the level must be in (0, 1)', () => {
    expect(valueAtRisk([])).toBeNaN();
    expect(conditionalValueAtRisk([])).toBeNaN();
    expect(valueAtRisk([-0.02])).toBe(0.02);
    expect(() => valueAtRisk(R, 1)).toThrow(RangeError);
    expect(() => conditionalValueAtRisk(R, 0)).toThrow(RangeError);
  });
});
