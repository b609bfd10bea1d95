import type { MonthReturn } from '../../engine/analytics/index.js';
import { coord, esc, pct, svgDoc } from './svg.js';

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface HeatCell {
  year: number;
  /** 1 .. 12 */
  month: number;
  /** 'YYYY-MM' */
  key: string;
  /** The month's return, null for a month without one. */
  ret: number | null;
  /** The value as printed in the cell: "+1.23 %", or "–" without data. */
  text: string;
  /** Row (0 = first year) and column (0 = January). */
  row: number;
  col: number;
}

/**
 * The heatmap grid: one row per year from the first to the last year with a return, twelve
 * columns, so every month of those years has a cell; months without a return are empty cells.
 */
export function heatmapCells(months: readonly MonthReturn[]): HeatCell[] {
  if (months.length === 0) return [];
  const byKey = new Map(months.map((m) => [m.month, m.ret]));
  const years = months.map((m) => Number(m.month.slice(0, 4)));
  const first = Math.min(...years);
  const last = Math.max(...years);
  const cells: HeatCell[] = [];
  for (let y = first; y <= last; y++) {
    for (let m = 1; m <= 12; m++) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      const ret = byKey.get(key) ?? null;
      cells.push({ year: y, month: m, key, ret, text: ret === null ? '–' : pct(ret, 2), row: y - first, col: m - 1 });
    }
  }
  return cells;
}

/**
 * A cell's fill: blue for gains, orange for losses (a pair that colour-blind readers tell
 * apart), stronger with the size of the move relative to the largest month. The printed value
 * and its sign carry the meaning; the colour only repeats it.
 */
export function cellFill(ret: number | null, maxAbs: number): string {
  if (ret === null || !Number.isFinite(ret)) return '#f2f2f2';
  const k = maxAbs > 0 ? Math.min(1, Math.abs(ret) / maxAbs) : 0;
  const [r, g, b] = ret >= 0 ? [33, 102, 172] : [217, 95, 2];
  const mix = (c: number) => Math.round(255 - (255 - c) * (0.15 + 0.55 * k));
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

const CELL_W = 66;
const CELL_H = 34;
const LEFT = 56;
const TOP = 28;

/** Monthly returns as a year x month grid, each cell's value written in it. */
export function monthlyHeatmapSvg(months: readonly MonthReturn[]): string {
  const cells = heatmapCells(months);
  const rows = cells.length / 12;
  const width = LEFT + 12 * CELL_W + 8;
  const height = TOP + Math.max(1, rows) * CELL_H + 8;
  const maxAbs = Math.max(0, ...months.map((m) => (Number.isFinite(m.ret) ? Math.abs(m.ret) : 0)));
  const parts: string[] = MONTH_NAMES.map((name, i) => `<text class="tick" x="${LEFT + i * CELL_W + CELL_W / 2}" y="${TOP - 10}" text-anchor="middle">${name}</text>`);
  for (let r = 0; r < rows; r++) {
    parts.push(`<text class="tick" x="${LEFT - 8}" y="${TOP + r * CELL_H + CELL_H / 2}" text-anchor="end" dominant-baseline="middle">${cells[r * 12].year}</text>`);
  }
  for (const c of cells) {
    const x = LEFT + c.col * CELL_W;
    const y = TOP + c.row * CELL_H;
    const what = c.ret === null ? 'no return' : c.text;
    parts.push(
      `<g class="heat-cell" data-month="${c.key}"${c.ret === null ? '' : ` data-return="${c.ret}"`}><title>${MONTH_NAMES[c.month - 1]} ${c.year}: ${esc(what)}</title>` +
        `<rect x="${coord(x + 1)}" y="${coord(y + 1)}" width="${CELL_W - 2}" height="${CELL_H - 2}" rx="3" fill="${cellFill(c.ret, maxAbs)}" stroke="#ccc"/>` +
        `<text x="${coord(x + CELL_W / 2)}" y="${coord(y + CELL_H / 2)}" text-anchor="middle" dominant-baseline="middle">${esc(c.text)}</text></g>`,
    );
  }
  if (cells.length === 0) parts.push(`<text x="${LEFT}" y="${TOP + 20}">No monthly returns: fewer than two equity samples.</text>`);
  const withData = cells.filter((c) => c.ret !== null).length;
  return svgDoc({
    width,
    height,
    label: `Monthly returns heatmap: ${rows} year${rows === 1 ? '' : 's'} by 12 months, ${withData} month${withData === 1 ? '' : 's'} with a return`,
    title: 'Monthly returns',
    className: 'chart heatmap',
    body: parts.join(''),
  });
}
