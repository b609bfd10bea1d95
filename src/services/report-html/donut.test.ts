import { describe, expect, it } from 'vitest';
import { allocation } from '../report/allocation.js';
import type { Holding } from '../report/report-data.js';
import { allocationDonutSvg, arcPath, donutArcs } from './donut.js';

const holding = (symbol: string, assetClass: Holding['assetClass'], sector: string | null, value: string): Holding => ({ symbol, assetClass, sector, qty: '1', price: '1', value });

describe('donut arcs', () => {
  it('gives each share its part of 360 degrees, one after another from 12 o’clock', () => {
    const arcs = donutArcs([
      { key: 'a', weight: 0.5 },
      { key: 'b', weight: 0.3 },
      { key: 'c', weight: 0.2 },
    ]);
    expect(arcs.map((a) => a.startDeg)).toEqual([0, 180, expect.closeTo(288, 9)]);
    expect(arcs[0].sweepDeg).toBe(180);
    expect(arcs[1].sweepDeg).toBeCloseTo(108, 9);
    expect(arcs[2].sweepDeg).toBeCloseTo(72, 9);
    expect(arcs[2].endDeg).toBe(360);
  });

  it('sums to exactly 360 degrees even when the shares do not divide evenly', () => {
    const arcs = donutArcs([1, 1, 1, 1, 1, 1, 1].map((_, i) => ({ key: String(i), weight: 1 / 7 })));
    expect(arcs.reduce((s, a) => s + a.sweepDeg, 0)).toBeCloseTo(360, 9);
    expect(arcs[arcs.length - 1].endDeg).toBe(360);
    for (let i = 1; i < arcs.length; i++) expect(arcs[i].startDeg).toBe(arcs[i - 1].endDeg);
  });

  it('has no arcs when nothing is held', () => {
    expect(donutArcs([])).toEqual([]);
  });

  it('draws a quarter ring by hand-checked coordinates', () => {
    // Centre (100, 100), radii 50 and 30: 12 o'clock is (100, 50), 3 o'clock (150, 100).
    expect(arcPath(100, 100, 50, 30, 0, 90)).toBe('M100,50 A50,50 0 0 1 150,100 L130,100 A30,30 0 0 0 100,70 Z');
    // More than half a turn sets the large-arc flag: 0 -> 270 ends at 9 o'clock.
    expect(arcPath(100, 100, 50, 30, 0, 270)).toBe('M100,50 A50,50 0 1 1 50,100 L70,100 A30,30 0 1 0 100,70 Z');
  });

  it('draws a full turn as two closed circles', () => {
    expect(arcPath(100, 100, 50, 30, 0, 360).match(/Z/g)).toHaveLength(2);
  });
});

describe('allocation shares', () => {
  const holdings = [
    holding('AAPL', 'equity', 'Information Technology', '3000'),
    holding('MSFT', 'equity', 'Information Technology', '1000'),
    holding('XOM', 'equity', 'Energy', '-2000'),
    holding('BTCUSDT', 'crypto', null, '2000'),
    holding('cash', 'cash', null, '2000'),
  ];

  it('weights by gross value (a short by its size), the weights of a grouping summing to 1', () => {
    const bySector = allocation(holdings, 'sector');
    expect(bySector.map((s) => [s.key, s.weight])).toEqual([
      ['Information Technology', 0.4],
      ['Energy', 0.2],
      ['cash', 0.2],
      ['unknown sector', 0.2],
    ]);
    for (const by of ['sector', 'asset_class', 'symbol'] as const) {
      expect(allocation(holdings, by).reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 12);
    }
    // Equities: 3000 + 1000 long and 2000 short are 6000 gross of 10000, though only 2000 net.
    expect(allocation(holdings, 'asset_class').map((s) => [s.key, s.value, s.weight])).toEqual([
      ['equity', 2000, 0.6],
      ['cash', 2000, 0.2],
      ['crypto', 2000, 0.2],
    ]);
  });

  it('renders one donut per grouping with every slice named in words and percent', () => {
    const svg = allocationDonutSvg(
      [
        { title: 'by sector', shares: allocation(holdings, 'sector') },
        { title: 'by symbol', shares: allocation(holdings, 'symbol') },
      ],
      'USD',
    );
    expect(svg.match(/class="donut"/g)).toHaveLength(2);
    expect(svg.match(/class="slice"/g)).toHaveLength(4 + 5);
    expect(svg).toContain('>Information Technology: 40.0 %</text>');
    expect(svg).toMatch(/role="img" aria-label="Allocation donuts/);
    const sweeps = [...svg.matchAll(/data-sweep="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(sweeps.slice(0, 4).reduce((a, b) => a + b, 0)).toBeCloseTo(360, 9);
    expect(sweeps.slice(4).reduce((a, b) => a + b, 0)).toBeCloseTo(360, 9);
  });
});
