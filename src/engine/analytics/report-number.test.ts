import { describe, expect, it } from 'vitest';
import { reportNumber } from './report-number.js';
import { tradeStats } from './trades.js';

describe('reportNumber', () => {
  it('keeps finite numbers, writes infinities as "inf" / "-inf" and NaN as null', () => {
    expect(reportNumber(1.5)).toBe(1.5);
    expect(reportNumber(0)).toBe(0);
    expect(reportNumber(Infinity)).toBe('inf');
    expect(reportNumber(-Infinity)).toBe('-inf');
    expect(reportNumber(NaN)).toBeNull();
    // what a report of a loss-free trade list prints
    expect(JSON.stringify({ profit_factor: reportNumber(tradeStats([3, 4]).profitFactor) })).toBe('{"profit_factor":"inf"}');
  });
});
