import { describe, expect, it } from 'vitest';
import { NS_PER_DAY, NS_PER_YEAR, perPeriodRate, periodsPerYearFromInterval, periodsPerYearFromTimestamps } from './periods.js';
import { annualizedReturn, cagr, calmarRatio, downsideDeviation, sharpeRatio, sortinoRatio, totalReturn, volatility } from './performance.js';

// Equity 100, 110, 99, 99, 118.8 has returns r = 0.1, -0.1, 0, 0.2 (see returns.test.ts).
//   mean = 0.2 / 4 = 0.05
//   deviations 0.05, -0.15, -0.05, 0.15; squares 0.0025 + 0.0225 + 0.0025 + 0.0225 = 0.05
//   sample variance = 0.05 / 3 = 1/60; sd = sqrt(1/60) = 0.12909944487358...
//   downside (target 0): min(r, 0)^2 = 0, 0.01, 0, 0 -> mean 0.0025 -> sqrt = 0.05
const EQUITY = [100, 110, 99, 99, 118.8];
const R = [0.1, -0.1, 0, 0.2];

describe('return KPIs by hand', () => {
  it('total return: 118.8 / 100 - 1 = 0.188', () => {
    expect(totalReturn(EQUITY)).toBeCloseTo(0.188, 14);
    expect(totalReturn(['100', '118.8'])).toBeCloseTo(0.188, 14);
    expect(totalReturn([100])).toBe(0);
    expect(totalReturn([])).toBeNaN();
    expect(totalReturn([0, 5])).toBeNaN();
  });

  it('CAGR: 100 -> 121 over two years of 365.25 days = sqrt(1.21) - 1 = 0.1', () => {
    expect(cagr(100, 121, 2)).toBeCloseTo(0.1, 14);
    const start = 1_700_000_000_000_000_000n;
    const twoYears = BigInt(2 * NS_PER_YEAR); // 2 x 365.25 x 86400 x 1e9 = 63,115,200 s
    expect(twoYears).toBe(63_115_200_000_000_000n);
    expect(annualizedReturn([{ ts: start, equity: '100' }, { ts: start + 1n, equity: '1' }, { ts: start + twoYears, equity: '121' }])).toBeCloseTo(0.1, 14);
    // half a year, 100 -> 110: 1.1^2 - 1 = 0.21
    expect(cagr('100', '110', 0.5)).toBeCloseTo(0.21, 14);
    expect(cagr(100, 0, 1)).toBe(-1);
    expect(cagr(100, 110, 0)).toBeNaN();
    expect(cagr(0, 110, 1)).toBeNaN();
    expect(cagr(100, -5, 1)).toBeNaN();
    expect(annualizedReturn([{ ts: start, equity: 100 }])).toBeNaN();
  });

  it('volatility: sqrt(1/60) x sqrt(252) = sqrt(4.2) = 2.04939015319192', () => {
    expect(volatility(R, 252)).toBeCloseTo(2.04939015319192, 13);
    expect(volatility([0.1], 252)).toBeNaN();
  });

  it('Sharpe: 0.05 / sqrt(1/60) x sqrt(252) = 0.05 x sqrt(15120) = 6.148170459575759', () => {
    expect(sharpeRatio(R, 252)).toBeCloseTo(6.148170459575759, 12);
    // rf = 5 % a year: rf_p = 1.05^(1/252) - 1 = exp(ln 1.05 / 252) - 1
    //   = exp(0.048790164169432 / 252) - 1 = exp(0.000193611762577) - 1
    //   = 0.000193611762577 + 0.000193611762577^2 / 2 + ... = 0.000193630506544
    // Sharpe = (0.05 - 0.000193630506544) x sqrt(15120) = 0.049806369493456 x 122.963409191515
    //        = 6.124360992367...
    expect(perPeriodRate(0.05, 252)).toBeCloseTo(0.000193630506544, 15);
    expect(sharpeRatio(R, 252, 0.05)).toBeCloseTo(6.12436099236763, 11);
  });

  it('Sortino: 0.05 / 0.05 x sqrt(252) = 15.874507866387544', () => {
    expect(downsideDeviation(R)).toBeCloseTo(0.05, 15);
    expect(sortinoRatio(R, 252)).toBeCloseTo(15.874507866387544, 12);
    // rf = 5 %: target rf_p = 0.000193630506544; below it are -0.1 and 0:
    //   (-0.100193630506544)^2 + (-0.000193630506544)^2 = 0.010038763592 + 0.000000037493 = 0.010038801085
    //   / 4 = 0.002509700271 -> sqrt = 0.050096908804
    //   (0.05 - 0.000193630506544) / 0.050096908804 x sqrt(252) = 0.994200... x 15.8745078664 = 15.7824429...
    expect(downsideDeviation(R, perPeriodRate(0.05, 252))).toBeCloseTo(0.050096908804, 11);
    expect(sortinoRatio(R, 252, 0.05)).toBeCloseTo(15.7824429330, 9);
  });

  it('zero risk: +/-Infinity by the sign of the excess return, NaN when there is none', () => {
    expect(sharpeRatio([0.01, 0.01, 0.01], 365)).toBe(Infinity);
    expect(sharpeRatio([-0.01, -0.01], 365)).toBe(-Infinity);
    expect(sharpeRatio([0, 0, 0], 365)).toBeNaN();
    expect(sortinoRatio([0.01, 0.02], 365)).toBe(Infinity);
    expect(sortinoRatio([0, 0], 365)).toBeNaN();
    expect(sharpeRatio([], 252)).toBeNaN();
    expect(sortinoRatio([], 252)).toBeNaN();
  });

  it('Calmar: annualized return / max drawdown', () => {
    expect(calmarRatio(0.1, 0.05)).toBe(2);
    expect(calmarRatio(-0.1, 0.2)).toBeCloseTo(-0.5, 15);
    expect(calmarRatio(0.1, 0)).toBe(Infinity);
    expect(calmarRatio(0, 0)).toBeNaN();
  });
});

describe('periods per year', () => {
  it('from an interval: one year of 365.25 days over the interval', () => {
    expect(periodsPerYearFromInterval(NS_PER_DAY)).toBe(365.25);
    expect(periodsPerYearFromInterval(3_600_000_000_000n)).toBe(8766); // 365.25 x 24
    expect(() => periodsPerYearFromInterval(0)).toThrow(RangeError);
  });

  it('from timestamps: periods over elapsed years', () => {
    // 5 samples a day apart: 4 periods over 4 days = 4 / (4 / 365.25) = 365.25
    const ts = [0n, 1n, 2n, 3n, 4n].map((d) => d * BigInt(NS_PER_DAY));
    expect(periodsPerYearFromTimestamps(ts)).toBeCloseTo(365.25, 10);
    expect(periodsPerYearFromTimestamps([5n])).toBeNaN();
    expect(periodsPerYearFromTimestamps([5n, 5n])).toBeNaN();
  });
});
