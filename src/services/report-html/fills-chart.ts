import type { ReportFill } from '../report/report-data.js';
import { decimalsFor, niceTicks, yGrid } from './axis.js';
import { coord, decimate, esc, linePath, linearScale, svgDoc, utcTime } from './svg.js';

/** One marker: a fill, or all of one side's fills in a time bucket when there are many. */
export interface FillMarker {
  side: 'buy' | 'sell';
  /** Time of the fill, or the middle of the bucket. */
  ts: bigint;
  /** Price of the fill, or the quantity-weighted average price of the bucket's fills. */
  price: number;
  qty: number;
  count: number;
  firstTs: bigint;
  lastTs: bigint;
}

/**
 * Markers for a symbol's fills: one per fill up to `maxMarkers`, else per side and time bucket
 * (so a busy market maker still gives a readable chart), each at the bucket's average price.
 */
export function fillMarkers(fills: readonly ReportFill[], maxMarkers = 120): FillMarker[] {
  if (fills.length <= maxMarkers) {
    return fills.map((f) => ({ side: f.side, ts: f.ts, price: Number(f.price), qty: Number(f.qty), count: 1, firstTs: f.ts, lastTs: f.ts }));
  }
  const t0 = fills[0].ts;
  const span = fills[fills.length - 1].ts - t0;
  const buckets = Math.max(1, Math.floor(maxMarkers / 2));
  const acc = new Map<string, { side: 'buy' | 'sell'; b: number; qty: number; notional: number; count: number; first: bigint; last: bigint }>();
  for (const f of fills) {
    const b = span === 0n ? 0 : Math.min(buckets - 1, Number(((f.ts - t0) * BigInt(buckets)) / span));
    const k = `${b}:${f.side}`;
    const q = Number(f.qty);
    const a = acc.get(k) ?? { side: f.side, b, qty: 0, notional: 0, count: 0, first: f.ts, last: f.ts };
    a.qty += q;
    a.notional += q * Number(f.price);
    a.count++;
    a.last = f.ts;
    acc.set(k, a);
  }
  return [...acc.values()]
    .map((a) => ({ side: a.side, ts: a.first + (a.last - a.first) / 2n, price: a.qty > 0 ? a.notional / a.qty : 0, qty: a.qty, count: a.count, firstTs: a.first, lastTs: a.last }))
    .sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : x.side.localeCompare(y.side)));
}

/**
 * A marker whose tip sits on (x, y), the price: a buy is a ▲ hanging below it pointing up, a
 * sell a ▼ above it pointing down, so a buy and a sell at one price do not cover each other.
 */
export function trianglePath(x: number, y: number, side: 'buy' | 'sell', size = 6): string {
  const h = size * 1.6;
  const dy = side === 'buy' ? h : -h;
  return `M${coord(x)},${coord(y)} L${coord(x + size)},${coord(y + dy)} L${coord(x - size)},${coord(y + dy)} Z`;
}

const W = 960;
const H = 380;
const L = 96;
const R = 940;
const T = 40;
const B = 330;

/** Markers get a written "buy" / "sell" label beside them when there are few enough to read. */
const LABEL_LIMIT = 40;

/**
 * The symbol's trade prices over time (the line through its fills) with a ▲ for each buy and a ▼
 * for each sell: shapes and words, not colour, tell them apart.
 */
export function fillsChartSvg(symbol: string, currency: string, fills: readonly ReportFill[], markers: readonly FillMarker[]): string {
  const buys = fills.filter((f) => f.side === 'buy').length;
  const label = `Fills over price for ${symbol}: ${fills.length} fills, ${buys} buys (up triangles) and ${fills.length - buys} sells (down triangles)`;
  if (fills.length === 0) {
    return svgDoc({ width: W, height: 80, label, title: `Fills over price, ${symbol}`, className: 'chart fills-chart', body: '<text x="20" y="40">No fills.</text>' });
  }
  const prices = fills.map((f) => Number(f.price));
  const t0 = fills[0].ts;
  const span = Number(fills[fills.length - 1].ts - t0);
  const x = linearScale(0, span, L, R);
  const lo = Math.min(...prices, ...markers.map((m) => m.price));
  const hi = Math.max(...prices, ...markers.map((m) => m.price));
  const pad = hi === lo ? Math.max(Math.abs(hi) * 0.001, 0.01) : (hi - lo) * 0.08;
  const y = linearScale(lo - pad, hi + pad, B, T);
  const ticks = niceTicks(lo - pad, hi + pad, 5);
  const dp = Math.max(decimalsFor(ticks), 0);
  const drawn = decimate(prices, 1600);
  const line = linePath(drawn.map((i) => ({ x: x(Number(fills[i].ts - t0)), y: y(prices[i]) })));
  const parts: string[] = [
    `<text class="panel-title" x="${L}" y="${T - 18}">${esc(symbol)} trade price (${esc(currency)})</text>`,
    yGrid(ticks, y, L, R, (v) => v.toFixed(dp)),
    `<path class="price-line" d="${line}" fill="none" stroke="#888" stroke-width="1.2"/>`,
  ];
  const labelled = markers.length <= LABEL_LIMIT;
  for (const m of markers) {
    const mx = x(Number(m.ts - t0));
    const my = y(m.price);
    const what =
      m.count === 1
        ? `${m.side} ${m.qty} @ ${m.price} at ${utcTime(m.ts)} UTC`
        : `${m.count} ${m.side}s, ${m.qty} in all, average ${m.price.toFixed(dp + 2)}, ${utcTime(m.firstTs)} to ${utcTime(m.lastTs)} UTC`;
    const text = labelled ? `<text class="marker-label" x="${coord(mx)}" y="${coord(m.side === 'buy' ? my + 22 : my - 14)}" text-anchor="middle">${m.side}</text>` : '';
    parts.push(
      `<g class="fill-marker ${m.side}" data-side="${m.side}"><title>${esc(what)}</title>` +
        `<path d="${trianglePath(mx, my, m.side)}" fill="${m.side === 'buy' ? '#1f4e9c' : '#e08a1e'}" stroke="#222" stroke-width="0.8"/>${text}</g>`,
    );
  }
  parts.push(
    `<text class="tick" x="${L}" y="${B + 24}" text-anchor="start">${esc(utcTime(fills[0].ts))} UTC</text>`,
    `<text class="tick" x="${R}" y="${B + 24}" text-anchor="end">${esc(utcTime(fills[fills.length - 1].ts))} UTC</text>`,
  );
  const lx = R - 330;
  parts.push(
    `<g class="legend"><path d="${trianglePath(lx, 8, 'buy')}" fill="#1f4e9c" stroke="#222" stroke-width="0.8"/><text x="${lx + 12}" y="20">▲ buy</text>` +
      `<path d="${trianglePath(lx + 80, 24, 'sell')}" fill="#e08a1e" stroke="#222" stroke-width="0.8"/><text x="${lx + 92}" y="20">▼ sell</text>` +
      `<line x1="${lx + 160}" y1="16" x2="${lx + 184}" y2="16" stroke="#888" stroke-width="1.2"/><text x="${lx + 190}" y="20">trade price</text></g>`,
  );
  if (!labelled) {
    parts.push(`<text class="note" x="${L}" y="${H - 12}">${fills.length} fills shown as ${markers.length} markers: each is one side's fills in a time slice, at their average price.</text>`);
  }
  return svgDoc({ width: W, height: H, label, title: `Fills over price, ${symbol}`, className: 'chart fills-chart', body: parts.join('') });
}
