import { describe, expect, it } from 'vitest';
import type { ReportFill } from '../report/report-data.js';
import { fillMarkers, fillsChartSvg, trianglePath } from './fills-chart.js';

const fill = (ts: number, side: 'buy' | 'sell', price: string, qty = '1'): ReportFill => ({ ts: BigInt(ts), symbol: 'XYZ', side, price, qty, fee: '0' });

describe('fill markers', () => {
  it('are one per fill while few', () => {
    const m = fillMarkers([fill(1, 'buy', '10'), fill(2, 'sell', '10.5', '3')]);
    expect(m).toEqual([
      { side: 'buy', ts: 1n, price: 10, qty: 1, count: 1, firstTs: 1n, lastTs: 1n },
      { side: 'sell', ts: 2n, price: 10.5, qty: 3, count: 1, firstTs: 2n, lastTs: 2n },
    ]);
  });

  it('group many fills per side and time slice at their quantity-weighted average price', () => {
    const fills: ReportFill[] = [];
    for (let i = 0; i < 1000; i++) fills.push(fill(i, i % 3 === 0 ? 'sell' : 'buy', String(100 + (i % 7)), String(1 + (i % 2))));
    const m = fillMarkers(fills, 20);
    expect(m.length).toBeLessThanOrEqual(20);
    expect(m.reduce((s, x) => s + x.count, 0)).toBe(1000);
    expect(m.filter((x) => x.side === 'sell').reduce((s, x) => s + x.count, 0)).toBe(334);
    expect(m.reduce((s, x) => s + x.qty, 0)).toBe(1500);
    // The first slice holds fills 0 .. 99: check its buys by hand.
    const first = fills.filter((f) => f.ts < 100n && f.side === 'buy');
    const q = first.reduce((s, f) => s + Number(f.qty), 0);
    const avg = first.reduce((s, f) => s + Number(f.qty) * Number(f.price), 0) / q;
    expect(m.find((x) => x.side === 'buy' && x.firstTs === first[0].ts)).toMatchObject({ count: first.length, qty: q, price: avg });
  });

  it('point up for buys and down for sells, the tip on the price', () => {
    expect(trianglePath(50, 20, 'buy', 5)).toBe('M50,20 L55,28 L45,28 Z');
    expect(trianglePath(50, 20, 'sell', 5)).toBe('M50,20 L55,12 L45,12 Z');
  });

  it('label each marker in words when there are few, and name both shapes in the legend', () => {
    const fills = [fill(0, 'buy', '10'), fill(5, 'sell', '11'), fill(9, 'buy', '10.5')];
    const svg = fillsChartSvg('XYZ', 'USD', fills, fillMarkers(fills));
    expect(svg.match(/class="fill-marker buy"/g)).toHaveLength(2);
    expect(svg.match(/class="fill-marker sell"/g)).toHaveLength(1);
    expect(svg.match(/class="marker-label"[^>]*>buy</g)).toHaveLength(2);
    expect(svg).toContain('>▲ buy</text>');
    expect(svg).toContain('>▼ sell</text>');
    expect(svg).toMatch(/role="img" aria-label="Fills over price for XYZ: 3 fills, 2 buys \(up triangles\) and 1 sells \(down triangles\)"/);
  });
});
