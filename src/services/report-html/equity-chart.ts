import { decimalsFor, niceTicks, yGrid } from './axis.js';
import { areaBetween, coord, decimate, esc, linePath, linearScale, pct, svgDoc, utcTime, type Point } from './svg.js';

export interface EquityChartInput {
  ts: readonly bigint[];
  /** Equity of each sample, its running peak and its drawdown (1 - equity / peak). */
  values: readonly number[];
  peaks: readonly number[];
  drawdowns: readonly number[];
  currency: string;
  maxDrawdown: number;
  /** Indices of the max drawdown's peak and trough, when there is one. */
  episode: { peakIndex: number; troughIndex: number } | null;
}

export interface EquityLayout {
  width: number;
  /** Plot area of the equity panel and of the drawdown panel beneath it. */
  left: number;
  right: number;
  equityTop: number;
  equityBottom: number;
  ddTop: number;
  ddBottom: number;
  height: number;
}

export const EQUITY_LAYOUT: EquityLayout = { width: 960, left: 96, right: 940, equityTop: 36, equityBottom: 266, ddTop: 300, ddBottom: 380, height: 420 };

export interface EquityPaths {
  /** The equity line. */
  line: string;
  /** The running peak (dashed). */
  peak: string;
  /** The region between the peak and the equity: the drawdown, shaded. */
  shade: string;
  /** The drawdown panel's area, from 0 down to each sample's drawdown. */
  underwater: string;
  x: (i: number) => number;
  yEquity: (v: number) => number;
  yDrawdown: (d: number) => number;
  eqLo: number;
  eqHi: number;
  ddHi: number;
  /** The sample indices drawn (long series are thinned, keeping each bucket's low and high). */
  drawn: number[];
}

/**
 * Geometry of the equity chart: x by time from the first to the last sample, y by equity from
 * the lowest to the highest value (running peaks included); the drawdown panel runs from 0 at
 * its top to the deepest drawdown at its bottom. Pure, so tests can check paths of known series.
 */
export function equityPaths(input: EquityChartInput, layout: EquityLayout = EQUITY_LAYOUT, maxPoints = 1600): EquityPaths {
  const n = input.values.length;
  const t0 = n > 0 ? input.ts[0] : 0n;
  const span = n > 0 ? Number(input.ts[n - 1] - t0) : 0;
  const xScale = linearScale(0, span, layout.left, layout.right);
  const x = (i: number) => xScale(Number(input.ts[i] - t0));
  let eqLo = Infinity;
  let eqHi = -Infinity;
  for (let i = 0; i < n; i++) {
    eqLo = Math.min(eqLo, input.values[i]);
    eqHi = Math.max(eqHi, input.values[i], input.peaks[i]);
  }
  const yEquity = linearScale(eqLo, eqHi, layout.equityBottom, layout.equityTop);
  const dd = input.drawdowns.map((d) => (Number.isNaN(d) ? 0 : d));
  const ddHi = Math.max(0, ...dd);
  const yDrawdown = linearScale(0, ddHi, layout.ddTop, layout.ddBottom);
  const drawn = decimate(input.values, maxPoints);
  const eqPts: Point[] = drawn.map((i) => ({ x: x(i), y: yEquity(input.values[i]) }));
  const peakPts: Point[] = drawn.map((i) => ({ x: x(i), y: yEquity(input.peaks[i]) }));
  const ddPts: Point[] = drawn.map((i) => ({ x: x(i), y: yDrawdown(dd[i]) }));
  const zero: Point[] = drawn.map((i) => ({ x: x(i), y: layout.ddTop }));
  return {
    line: linePath(eqPts),
    peak: linePath(peakPts),
    shade: areaBetween(peakPts, eqPts),
    underwater: areaBetween(zero, ddPts),
    x,
    yEquity,
    yDrawdown,
    eqLo,
    eqHi,
    ddHi,
    drawn,
  };
}

/**
 * The equity curve with the drawdown shaded (hatched, so it does not rest on colour) between the
 * running peak and the equity, the max drawdown marked, and an underwater panel beneath.
 */
export function equityChartSvg(input: EquityChartInput, layout: EquityLayout = EQUITY_LAYOUT): string {
  const n = input.values.length;
  const label = `Equity curve in ${input.currency} over ${n} samples with drawdowns shaded; max drawdown ${pct(input.maxDrawdown, 4, false)}`;
  if (n === 0) {
    return svgDoc({ width: layout.width, height: 80, label, title: 'Equity curve', className: 'chart equity-chart', body: '<text x="20" y="40">No equity samples.</text>' });
  }
  const p = equityPaths(input, layout);
  const ticks = niceTicks(p.eqLo, p.eqHi, 4);
  const dp = decimalsFor(ticks);
  const ddTicks = p.ddHi > 0 ? [0, p.ddHi] : [0];
  const parts: string[] = [
    '<defs><pattern id="dd-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#f3c6c0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b3261e" stroke-width="1.5"/></pattern></defs>',
    `<text class="panel-title" x="${layout.left}" y="${layout.equityTop - 14}">Equity (${esc(input.currency)})</text>`,
    yGrid(ticks, p.yEquity, layout.left, layout.right, (v) => v.toFixed(dp)),
    `<path class="dd-shade" d="${p.shade}" fill="url(#dd-hatch)" fill-opacity="0.8"/>`,
    `<path class="peak-line" d="${p.peak}" fill="none" stroke="#666" stroke-width="1" stroke-dasharray="4 3"/>`,
    `<path class="equity-line" d="${p.line}" fill="none" stroke="#1f4e9c" stroke-width="1.8"/>`,
  ];
  if (input.episode !== null) {
    const xt = p.x(input.episode.troughIndex);
    const yt = p.yEquity(input.values[input.episode.troughIndex]);
    const anchor = xt > (layout.left + layout.right) / 2 ? 'end' : 'start';
    const dx = anchor === 'end' ? -8 : 8;
    parts.push(
      `<g class="max-dd"><circle cx="${coord(xt)}" cy="${coord(yt)}" r="4" fill="none" stroke="#b3261e" stroke-width="2"/>` +
        `<text x="${coord(xt + dx)}" y="${coord(Math.min(yt + 16, layout.equityBottom - 4))}" text-anchor="${anchor}" paint-order="stroke" stroke="#fff" stroke-width="4">max drawdown ${esc(pct(input.maxDrawdown, 4, false))}</text></g>`,
    );
  }
  parts.push(
    `<text class="panel-title" x="${layout.left}" y="${layout.ddTop - 10}">Drawdown below the running peak</text>`,
    yGrid(ddTicks, p.yDrawdown, layout.left, layout.right, (v) => (v === 0 ? '0 %' : `-${pct(v, 4, false)}`)),
    `<path class="underwater" d="${p.underwater}" fill="url(#dd-hatch)" stroke="#b3261e" stroke-width="1"/>`,
  );
  const mid = Math.floor((n - 1) / 2);
  const xLabels = (n > 2 ? [0, mid, n - 1] : n === 2 ? [0, 1] : [0]).map((i, k, all) => {
    const anchor = k === 0 ? 'start' : k === all.length - 1 ? 'end' : 'middle';
    return `<text class="tick" x="${coord(p.x(i))}" y="${layout.ddBottom + 20}" text-anchor="${anchor}">${esc(utcTime(input.ts[i]))} UTC</text>`;
  });
  parts.push(...xLabels);
  // Legend: line styles and the hatch name each layer, not colours.
  const ly = 16;
  const lx = layout.right - 470;
  parts.push(
    `<g class="legend"><line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="#1f4e9c" stroke-width="2"/><text x="${lx + 30}" y="${ly + 4}">equity</text>` +
      `<line x1="${lx + 90}" y1="${ly}" x2="${lx + 114}" y2="${ly}" stroke="#666" stroke-dasharray="4 3"/><text x="${lx + 120}" y="${ly + 4}">running peak (dashed)</text>` +
      `<rect x="${lx + 290}" y="${ly - 7}" width="18" height="14" fill="url(#dd-hatch)"/><text x="${lx + 314}" y="${ly + 4}">drawdown (hatched)</text></g>`,
  );
  return svgDoc({
    width: layout.width,
    height: layout.height,
    label,
    title: 'Equity curve and drawdown',
    desc: `Equity from ${input.values[0]} to ${input.values[n - 1]} ${input.currency}; the hatched area is the gap below the running peak.`,
    className: 'chart equity-chart',
    body: parts.join(''),
  });
}
