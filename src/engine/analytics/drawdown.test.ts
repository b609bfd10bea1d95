import { describe, expect, it } from 'vitest';
import { drawdownAnalysis, maxDrawdown } from './drawdown.js';

const DAY = 86_400_000_000_000n;
const daily = (equity: (number | string)[]) => equity.map((e, i) => ({ ts: BigInt(i) * DAY, equity: e }));

describe('drawdowns by hand', () => {
  it('100 110 99 99 118.8: one episode, peak 110 (day 1), trough 99 (day 2, first of equals), back above on day 4', () => {
    // running peak 100 110 110 110 118.8 -> drawdowns 0, 0, 11/110 = 0.1, 0.1, 0
    const a = drawdownAnalysis(daily([100, 110, 99, 99, 118.8]));
    expect(a.maxDrawdown).toBeCloseTo(0.1, 15);
    expect(a.episodes).toHaveLength(1);
    const ep = a.maxDrawdownEpisode!;
    expect(ep).toMatchObject({ peakIndex: 1, troughIndex: 2, recoveryIndex: 4, peakEquity: 110, troughEquity: 99, durationPeriods: 3 });
    expect(ep.durationNs).toBe(3n * DAY); // day 1 -> day 4
    expect(ep.declineNs).toBe(DAY); // day 1 -> day 2
    expect(ep.recoveryTs).toBe(4n * DAY);
    expect(a.longestEpisode).toBe(ep);
    expect(a.maxDrawdownDurationNs).toBe(3n * DAY);
  });

  it('the deepest episode and the longest one can differ; an unrecovered one runs to the end', () => {
    // days:     0    1   2    3    4   5   6   7    8   9
    // equity: 100  50  100  120  110 115 112 118  119 119
    // episode 1: peak 100 (day 0), trough 50 (day 1), equal to the peak on day 2 -> recovered;
    //            depth 50/100 = 0.5, 2 days
    // episode 2: peak 120 (day 3), trough 110 (day 4), never back to 120 -> runs to day 9;
    //            depth 10/120 = 0.0833..., 6 days
    const a = drawdownAnalysis(daily([100, 50, 100, 120, 110, 115, 112, 118, 119, 119]));
    expect(a.episodes.map((e) => [e.peakIndex, e.troughIndex, e.recoveryIndex, e.durationPeriods])).toEqual([[0, 1, 2, 2], [3, 4, null, 6]]);
    expect(a.maxDrawdown).toBe(0.5);
    expect(a.maxDrawdownEpisode!.peakIndex).toBe(0);
    expect(a.longestEpisode!.peakIndex).toBe(3);
    expect(a.longestEpisode!.recoveryTs).toBeNull();
    expect(a.maxDrawdownDurationNs).toBe(6n * DAY);
    expect(a.episodes[1].depth).toBeCloseTo(10 / 120, 15);
  });

  it('a repeated peak starts a new episode at the later one', () => {
    // 100 90 100 95 100: episodes day 0 -> day 2 and day 2 -> day 4, depths 0.1 and 0.05
    const a = drawdownAnalysis(daily([100, 90, 100, 95, 100]));
    expect(a.episodes.map((e) => [e.peakIndex, e.recoveryIndex])).toEqual([[0, 2], [2, 4]]);
    expect(a.maxDrawdown).toBeCloseTo(0.1, 15);
    // equal durations: the first is the longest
    expect(a.longestEpisode!.peakIndex).toBe(0);
  });

  it('uses the timestamps, not the sample count, for durations', () => {
    const pts = [{ ts: 0n, equity: 10 }, { ts: 5n, equity: 8 }, { ts: 7n, equity: 9 }, { ts: 100n, equity: 10 }];
    const a = drawdownAnalysis(pts);
    expect(a.maxDrawdownDurationNs).toBe(100n);
    expect(a.maxDrawdownEpisode!.declineNs).toBe(5n);
    expect(a.maxDrawdownEpisode!.durationPeriods).toBe(3);
  });

  it('edge cases', () => {
    expect(maxDrawdown([])).toBeNaN();
    expect(maxDrawdown([100])).toBe(0);
    expect(maxDrawdown([100, 100, 101])).toBe(0);
    expect(maxDrawdown(['100', '25'])).toBe(0.75);
    expect(maxDrawdown([100, -50])).toBe(1.5); // fell through zero: more than everything
    expect(maxDrawdown([0, 5, 1])).toBeNaN(); // no positive start to fall from
    const flat = drawdownAnalysis(daily([1, 1, 1]));
    expect(flat).toEqual({ maxDrawdown: 0, maxDrawdownEpisode: null, longestEpisode: null, maxDrawdownDurationNs: 0n, episodes: [] });
    expect(() => drawdownAnalysis([{ ts: 2n, equity: 1 }, { ts: 1n, equity: 1 }])).toThrow(/out of time order/);
  });
});
