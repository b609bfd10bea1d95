import { coord, esc } from './svg.js';

/**
 * Evenly spaced "nice" tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten,
 * about `count` of them. A flat range gets its one value.
 */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Decimals that tell apart ticks one step apart (a step of 0.05 needs 2). */
export function decimalsFor(ticks: readonly number[]): number {
  if (ticks.length < 2) return 2;
  const step = Math.abs(ticks[1] - ticks[0]);
  return Math.max(0, Math.min(8, -Math.floor(Math.log10(step) + 1e-9)));
}

/** Horizontal grid lines with their labels at the left edge. */
export function yGrid(ticks: readonly number[], y: (v: number) => number, x0: number, x1: number, label: (v: number) => string): string {
  return ticks
    .map((v) => {
      const yy = coord(y(v));
      return `<line class="grid" x1="${coord(x0)}" y1="${yy}" x2="${coord(x1)}" y2="${yy}"/>` + `<text class="tick" x="${coord(x0 - 6)}" y="${yy}" text-anchor="end" dominant-baseline="middle">${esc(label(v))}</text>`;
    })
    .join('');
}
