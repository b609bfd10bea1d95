import type { AllocationShare } from '../report/allocation.js';
import { coord, esc, pct, svgDoc } from './svg.js';

export interface DonutArc {
  key: string;
  weight: number;
  /** Degrees clockwise from 12 o'clock; the arcs tile [0, 360] exactly. */
  startDeg: number;
  endDeg: number;
  sweepDeg: number;
}

/**
 * Arcs of a donut from shares that sum to 1: each spans weight x 360 degrees, one after the
 * other from 12 o'clock. The last ends at 360 exactly, so float rounding leaves no gap.
 */
export function donutArcs(shares: readonly Pick<AllocationShare, 'key' | 'weight'>[]): DonutArc[] {
  const total = shares.reduce((s, x) => s + x.weight, 0);
  const out: DonutArc[] = [];
  let start = 0;
  shares.forEach((s, i) => {
    const end = i === shares.length - 1 ? 360 : start + (total > 0 ? (s.weight / total) * 360 : 0);
    out.push({ key: s.key, weight: s.weight, startDeg: start, endDeg: end, sweepDeg: end - start });
    start = end;
  });
  return total > 0 ? out : [];
}

function polar(cx: number, cy: number, r: number, deg: number): [number, number] {
  const rad = ((deg - 90) * Math.PI) / 180;
  return [cx + r * Math.cos(rad), cy + r * Math.sin(rad)];
}

/**
 * The ring segment between two angles, clockwise. A full turn is the whole ring: the outer and
 * the inner circle as two closed subpaths (drawn with fill-rule evenodd), so no seam shows.
 */
export function arcPath(cx: number, cy: number, rOuter: number, rInner: number, startDeg: number, endDeg: number): string {
  if (endDeg - startDeg >= 359.999) {
    const ring = (r: number) => `M${coord(cx)},${coord(cy - r)} A${r},${r} 0 1 1 ${coord(cx)},${coord(cy + r)} A${r},${r} 0 1 1 ${coord(cx)},${coord(cy - r)} Z`;
    return `${ring(rOuter)} ${ring(rInner)}`;
  }
  const large = endDeg - startDeg > 180 ? 1 : 0;
  const [x0, y0] = polar(cx, cy, rOuter, startDeg);
  const [x1, y1] = polar(cx, cy, rOuter, endDeg);
  const [x2, y2] = polar(cx, cy, rInner, endDeg);
  const [x3, y3] = polar(cx, cy, rInner, startDeg);
  return (
    `M${coord(x0)},${coord(y0)} A${rOuter},${rOuter} 0 ${large} 1 ${coord(x1)},${coord(y1)} ` +
    `L${coord(x2)},${coord(y2)} A${rInner},${rInner} 0 ${large} 0 ${coord(x3)},${coord(y3)} Z`
  );
}

/** Slice colours, distinct in lightness as well as hue; every slice is also named in the legend. */
const PALETTE = ['#1f4e9c', '#e08a1e', '#5aa05a', '#9c4e9c', '#8c6d31', '#3fa7b5', '#c94c4c', '#7f7f7f'];

export interface DonutGroup {
  title: string;
  shares: AllocationShare[];
}

const PANEL_W = 316;
const R_OUT = 86;
const R_IN = 52;

/** One donut per grouping (sector, asset class, symbol), side by side, each with a legend of its slices in words and percentages. */
export function allocationDonutSvg(groups: readonly DonutGroup[], currency: string): string {
  const maxSlices = Math.max(1, ...groups.map((g) => g.shares.length));
  const height = 40 + 2 * R_OUT + 24 + maxSlices * 20 + 10;
  const parts: string[] = [];
  groups.forEach((g, gi) => {
    const cx = gi * PANEL_W + PANEL_W / 2;
    const cy = 30 + R_OUT;
    parts.push(`<g class="donut" data-group="${esc(g.title)}"><text class="panel-title" x="${cx}" y="18" text-anchor="middle">${esc(g.title)}</text>`);
    const arcs = donutArcs(g.shares);
    arcs.forEach((a, i) => {
      const share = g.shares[i];
      const colour = PALETTE[i % PALETTE.length];
      parts.push(
        `<path class="slice" data-key="${esc(a.key)}" data-sweep="${a.sweepDeg}" d="${arcPath(cx, cy, R_OUT, R_IN, a.startDeg, a.endDeg)}" fill="${colour}" fill-rule="evenodd" stroke="#fff" stroke-width="${arcs.length === 1 ? 0 : 1.5}">` +
          `<title>${esc(a.key)}: ${esc(pct(a.weight, 1, false))} (${esc(share.value.toFixed(2))} ${esc(currency)})</title></path>`,
      );
      const ly = cy + R_OUT + 28 + i * 20;
      const lx = gi * PANEL_W + 40;
      parts.push(`<rect x="${lx}" y="${ly - 11}" width="14" height="14" fill="${colour}"/><text x="${lx + 22}" y="${ly}">${esc(a.key)}: ${esc(pct(a.weight, 1, false))}</text>`);
    });
    if (arcs.length === 0) parts.push(`<text x="${cx}" y="${cy}" text-anchor="middle">nothing held</text>`);
    else parts.push(`<text x="${cx}" y="${cy + 5}" text-anchor="middle" class="donut-centre">${arcs.length} slice${arcs.length === 1 ? '' : 's'}</text>`);
    parts.push('</g>');
  });
  const names = groups.map((g) => `${g.title}: ${g.shares.map((s) => `${s.key} ${pct(s.weight, 1, false)}`).join(', ') || 'nothing held'}`).join('; ');
  return svgDoc({
    width: groups.length * PANEL_W,
    height,
    label: `Allocation donuts at the end, by gross value. ${names}`,
    title: 'Allocation',
    className: 'chart donut-chart',
    body: parts.join(''),
  });
}
