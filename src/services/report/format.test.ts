import { describe, expect, it } from 'vitest';
import { durationText, moneyWithSign, pct, ratioText } from './format.js';

describe('report formatting', () => {
  it('writes durations in their two largest units', () => {
    expect(durationText(0n)).toBe('0 s');
    expect(durationText(850_000_000n)).toBe('850 ms');
    expect(durationText(30_999_780_297n)).toBe('30s');
    expect(durationText(63_000_000_000n)).toBe('1min 3s');
    expect(durationText(721n * 86_400_000_000_000n)).toBe('721d');
    expect(durationText(2n * 86_400_000_000_000n + 3n * 3_600_000_000_000n + 59_000_000_000n)).toBe('2d 3h');
  });

  it('signs money and percentages, and names the unbounded and the undefined', () => {
    expect(moneyWithSign('50.95', 'USD')).toBe('+50.95 USD');
    expect(moneyWithSign('-3.10', 'USD')).toBe('-3.1 USD');
    expect(moneyWithSign('0', 'USD')).toBe('0 USD');
    expect(pct(0.012345, 2)).toBe('+1.23 %');
    expect(pct(-0.5, 1)).toBe('-50.0 %');
    expect(pct(-0.0000001, 2)).toBe('0.00 %');
    expect(pct(NaN)).toBe('n/a');
    expect(ratioText(Infinity)).toBe('∞');
    expect(ratioText(-Infinity)).toBe('-∞');
    expect(ratioText(NaN)).toBe('n/a');
    expect(ratioText(1554.6219987461443)).toBe('1554.62');
  });
});
