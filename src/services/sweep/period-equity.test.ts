import { describe, expect, it } from 'vitest';
import { alignedReturns, defaultPeriod, DAY_NS, MINUTE_NS, periodEquity } from './period-equity.js';

const S = 1_000_000_000n;
const sample = (sec: number, equity: string) => ({ ts: BigInt(sec) * S, equity });

describe('equity over periods', () => {
  it('takes the last sample at or before each boundary, from the boundary at or before the first sample', () => {
    // Period 10 s; samples at 12, 15, 20, 27, 41 s -> boundaries 10 (start), 20, 30, 40, 50.
    const e = periodEquity([sample(12, '100'), sample(15, '101'), sample(20, '102'), sample(27, '99'), sample(41, '105')], 10n * S);
    expect(e.startNs).toBe(String(10n * S));
    expect(e.values).toEqual([100, 102, 99, 99, 105]);
  });
  it('aligns runs on their common grid, flat outside their own samples', () => {
    const a = { startNs: String(10n * S), periodNs: String(10n * S), values: [100, 110, 121] };
    const b = { startNs: String(20n * S), periodNs: String(10n * S), values: [50, 25] };
    const r = alignedReturns([a, b]);
    expect(r.startNs).toBe(String(10n * S));
    expect(r.returns[0]).toHaveLength(2);
    for (const x of r.returns[0]) expect(x).toBeCloseTo(0.1, 15);
    expect(r.returns[1]).toEqual([0, -0.5]);
  });
  it('defaults to one minute for intraday samples and one day for daily ones', () => {
    expect(defaultPeriod([sample(0, '1'), sample(1, '1'), sample(2, '1')])).toBe(MINUTE_NS);
    expect(defaultPeriod([{ ts: 0n }, { ts: DAY_NS }, { ts: 2n * DAY_NS }])).toBe(DAY_NS);
  });
});
