import { decimalsFor, niceTicks, yGrid } from './axis.js';
import { cellFill } from './heatmap.js';
import { coord, esc, linearScale, svgDoc } from './svg.js';

/**
 * The sweep report's three pictures, each a pure function from numbers to inline SVG: a metric
 * over two params, the distribution of the CSCV lambdas, and in-sample against out-of-sample
 * Sharpe of each split's winner.
 */

export interface ParamHeat {
  xName: string;
  yName: string;
  xs: string[];
  ys: string[];
  /** values[row][col]: y index then x index; null where no case ran. */
  values: (number | null)[][];
}

const CW = 84;
const CH = 34;

export function paramHeatmapSvg(h: ParamHeat, metric: string): string {
  const left = 120;
  const top = 40;
  const width = left + h.xs.length * CW + 16;
  const height = top + h.ys.length * CH + 44;
  const all = h.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const maxAbs = Math.max(0, ...all.map(Math.abs));
  const parts: string[] = [];
  h.xs.forEach((x, i) => parts.push(`<text class="tick" x="${left + i * CW + CW / 2}" y="${top - 8}" text-anchor="middle">${esc(x)}</text>`));
  // The y param's name sits above its values, left of the first column's values.
  h.ys.forEach((y, j) => parts.push(`<text class="tick" x="${left - 8}" y="${top + j * CH + CH / 2}" text-anchor="end" dominant-baseline="middle">${esc(y)}</text>`));
  for (let j = 0; j < h.ys.length; j++) {
    for (let i = 0; i < h.xs.length; i++) {
      const v = h.values[j][i];
      const text = v === null ? '–' : v.toFixed(Math.abs(v) >= 100 ? 0 : 3);
      const x = left + i * CW;
      const y = top + j * CH;
      parts.push(
        `<g class="heat-cell" data-x="${esc(h.xs[i])}" data-y="${esc(h.ys[j])}"${v === null ? '' : ` data-value="${v}"`}><title>${esc(`${h.xName}=${h.xs[i]}, ${h.yName}=${h.ys[j]}: ${metric} ${text}`)}</title>` +
          `<rect x="${coord(x + 1)}" y="${coord(y + 1)}" width="${CW - 2}" height="${CH - 2}" rx="3" fill="${cellFill(v, maxAbs)}" stroke="#ccc"/>` +
          `<text x="${coord(x + CW / 2)}" y="${coord(y + CH / 2)}" text-anchor="middle" dominant-baseline="middle">${esc(text)}</text></g>`,
      );
    }
  }
  parts.push(`<text class="axis-label" x="${left + (h.xs.length * CW) / 2}" y="${top - 26}" text-anchor="middle">${esc(h.xName)} →</text>`);
  parts.push(`<text class="axis-label" x="${left - 8}" y="${top - 8}" text-anchor="end">${esc(h.yName)} ↓</text>`);
  return svgDoc({ width, height, label: `Heatmap of ${metric} over ${h.xName} (${h.xs.length} values) and ${h.yName} (${h.ys.length} values)`, title: `${metric} by ${h.xName} and ${h.yName}`, className: 'chart heatmap', body: parts.join('') });
}

/** Bins of a histogram over [lo, hi): equal width, the last bin closed. */
export function histogram(values: readonly number[], bins: number): { lo: number; hi: number; counts: number[] } {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (finite.length === 0) return { lo: 0, hi: 1, counts: Array<number>(bins).fill(0) };
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const counts = Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  return { lo, hi, counts };
}

const W = 720;
const H = 300;
const L = 64;
const R = 700;
const T = 24;
const B = 250;

export function lambdaHistogramSvg(lambdas: readonly number[]): string {
  const bins = Math.max(4, Math.min(24, Math.ceil(Math.sqrt(lambdas.length)) + 2));
  const hist = histogram(lambdas, bins);
  // Always show lambda = 0, the line PBO counts at.
  const lo = Math.min(hist.lo, 0);
  const hi = Math.max(hist.hi, 0);
  const x = linearScale(lo, hi, L, R);
  const top = Math.max(1, ...hist.counts);
  const y = linearScale(0, top, B, T);
  const step = (hist.hi - hist.lo) / bins;
  const bars = hist.counts
    .map((c, i) => {
      const x0 = x(hist.lo + i * step);
      const x1 = x(hist.lo + (i + 1) * step);
      const from = hist.lo + i * step;
      return `<rect class="${from + step <= 0 ? 'bar loss' : 'bar'}" fill="${from + step <= 0 ? '#d95f02' : '#2166ac'}" x="${coord(x0 + 1)}" y="${coord(y(c))}" width="${coord(Math.max(1, x1 - x0 - 2))}" height="${coord(B - y(c))}"><title>${esc(`lambda ${from.toFixed(2)} to ${(from + step).toFixed(2)}: ${c}`)}</title></rect>`;
    })
    .join('');
  const yt = niceTicks(0, top, 4).filter((v) => Number.isInteger(v));
  const xt = niceTicks(lo, hi, 6);
  const dp = decimalsFor(xt);
  const xAxis = xt.map((v) => `<text class="tick" x="${coord(x(v))}" y="${B + 16}" text-anchor="middle">${v.toFixed(dp)}</text>`).join('');
  const zero = `<line class="marker" x1="${coord(x(0))}" y1="${T}" x2="${coord(x(0))}" y2="${B}" stroke="#d95f02" stroke-dasharray="4 3"/><text class="tick" x="${coord(x(0) + 4)}" y="${T + 10}">λ = 0</text>`;
  const below = lambdas.filter((v) => v <= 0).length;
  return svgDoc({
    width: W,
    height: H,
    label: `Histogram of ${lambdas.length} CSCV lambdas; ${below} at or below zero`,
    title: 'Distribution of lambda (logit of the in-sample winner’s out-of-sample rank)',
    className: 'chart lambda',
    body: yGrid(yt, y, L, R, (v) => String(v)) + bars + zero + xAxis + `<text class="axis-label" x="${(L + R) / 2}" y="${H - 8}" text-anchor="middle">lambda</text>`,
  });
}

export function isOosScatterSvg(points: readonly { is: number; oos: number }[]): string {
  const xs = points.map((p) => p.is).filter(Number.isFinite);
  const ys = points.map((p) => p.oos).filter(Number.isFinite);
  const x = linearScale(Math.min(0, ...xs), Math.max(0, ...xs), L, R);
  const y = linearScale(Math.min(0, ...ys), Math.max(0, ...ys), B, T);
  const xt = niceTicks(Math.min(0, ...xs), Math.max(0, ...xs), 6);
  const yt = niceTicks(Math.min(0, ...ys), Math.max(0, ...ys), 4);
  const dx = decimalsFor(xt);
  const dy = decimalsFor(yt);
  const dots = points
    .filter((p) => Number.isFinite(p.is) && Number.isFinite(p.oos))
    .map((p) => `<circle class="dot" fill="#2166ac" fill-opacity="0.75" cx="${coord(x(p.is))}" cy="${coord(y(p.oos))}" r="3.5"><title>${esc(`in-sample ${p.is.toFixed(4)}, out-of-sample ${p.oos.toFixed(4)}`)}</title></circle>`)
    .join('');
  const axes = `<line class="marker" x1="${L}" y1="${coord(y(0))}" x2="${R}" y2="${coord(y(0))}" stroke="#888"/>` + xt.map((v) => `<text class="tick" x="${coord(x(v))}" y="${B + 16}" text-anchor="middle">${v.toFixed(dx)}</text>`).join('');
  return svgDoc({
    width: W,
    height: H,
    label: `Scatter of ${points.length} CSCV splits: the in-sample winner's in-sample Sharpe against its out-of-sample Sharpe`,
    title: 'In-sample against out-of-sample Sharpe',
    className: 'chart scatter',
    body: yGrid(yt, y, L, R, (v) => v.toFixed(dy)) + axes + dots + `<text class="axis-label" x="${(L + R) / 2}" y="${H - 8}" text-anchor="middle">in-sample Sharpe per period</text>`,
  });
}
