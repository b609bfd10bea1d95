import { describe, expect, it } from 'vitest';
import { drawdownAnalysis } from '../../engine/analytics/index.js';
import { underwater } from '../report/underwater.js';
import { equityChartSvg, equityPaths, type EquityLayout } from './equity-chart.js';
import { decimate, linePath } from './svg.js';

// A plot area 300 wide and 100 high, the drawdown panel from y=120 to y=160: round numbers to check by hand.
const LAYOUT: EquityLayout = { width: 320, left: 0, right: 300, equityTop: 0, equityBottom: 100, ddTop: 120, ddBottom: 160, height: 200 };

function input(values: number[], ts: bigint[]) {
  const { peaks, drawdowns } = underwater(values);
  return { ts, values, peaks, drawdowns, currency: 'USD', maxDrawdown: Math.max(...drawdowns), episode: null };
}

describe('equity chart geometry', () => {
  // Equity 100, 110, 99, 121 at t = 0, 10, 20, 30 ns. Peaks 100, 110, 110, 121; drawdowns 0, 0, 0.1, 0.
  // x = t * 10; y runs from 121 at the top (0) to 99 at the bottom (100): y(v) = (121 - v) / 22 * 100.
  const series = input([100, 110, 99, 121], [0n, 10n, 20n, 30n]);

  it('draws the equity line through every sample', () => {
    expect(equityPaths(series, LAYOUT).line).toBe('M0,95.45 L100,50 L200,100 L300,0');
  });

  it('draws the running peak and shades the gap down to the equity', () => {
    const p = equityPaths(series, LAYOUT);
    expect(p.peak).toBe('M0,95.45 L100,50 L200,50 L300,0');
    // Along the peak, then back along the equity.
    expect(p.shade).toBe('M0,95.45 L100,50 L200,50 L300,0 L300,0 L200,100 L100,50 L0,95.45 Z');
  });

  it('draws the underwater panel from 0 at its top to the deepest drawdown at its bottom', () => {
    // Deepest drawdown 0.1 maps to y = 160; no drawdown to y = 120.
    expect(equityPaths(series, LAYOUT).underwater).toBe('M0,120 L100,120 L200,120 L300,120 L300,120 L200,160 L100,120 L0,120 Z');
  });

  it('places samples by time, not by index', () => {
    const p = equityPaths(input([100, 101, 102], [0n, 20n, 30n]), LAYOUT);
    expect(p.line).toBe('M0,100 L200,50 L300,0');
  });

  it('is an accessible svg: role img, aria-label and a title inside', () => {
    const svg = equityChartSvg(series, LAYOUT);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-label="Equity curve[^"]*max drawdown 10\.0000 %"/);
    expect(svg).toContain('<title>Equity curve and drawdown</title>');
  });
});

describe('underwater series', () => {
  it('has the max drawdown of the KPI library at its deepest', () => {
    const values = [100, 120, 90, 95, 130, 104, 140];
    const { peaks, drawdowns } = underwater(values);
    expect(peaks).toEqual([100, 120, 120, 120, 130, 130, 140]);
    // 1 - 90 / 120 = 0.25 and 1 - 104 / 130 = 0.2
    expect(drawdowns[2]).toBeCloseTo(0.25, 12);
    expect(drawdowns[5]).toBeCloseTo(0.2, 12);
    const ts = values.map((_, i) => BigInt(i));
    expect(Math.max(...drawdowns)).toBe(drawdownAnalysis(values.map((equity, i) => ({ ts: ts[i], equity }))).maxDrawdown);
  });
});

describe('decimate', () => {
  it('keeps a short series whole and a long one to about the limit, with its extremes and ends', () => {
    expect(decimate([3, 1, 2], 10)).toEqual([0, 1, 2]);
    const long = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i === 7777 ? 5 : 0) - (i === 1234 ? 5 : 0));
    const kept = decimate(long, 200);
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept).toContain(0);
    expect(kept).toContain(9999);
    expect(kept).toContain(7777);
    expect(kept).toContain(1234);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });

  it('linePath of no points is empty', () => {
    expect(linePath([])).toBe('');
  });
});
