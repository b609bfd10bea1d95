/**
 * Small helpers shared by the report's SVG charts. Every chart is a pure function from figures
 * to markup text: no DOM, no chart library, so the output is the same on every machine.
 */

/** Text safe inside XML/HTML content and double-quoted attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with at most two decimals and no trailing zeros ("12.5", "-0.25", "3"). */
export function coord(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

export interface Point {
  x: number;
  y: number;
}

/** An SVG path through the points in order: "M x,y L x,y ...". Empty for no points. */
export function linePath(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${coord(p.x)},${coord(p.y)}`).join(' ');
}

/**
 * The closed region between two lines over the same x positions: along `upper`, then back along
 * `lower`. Used to shade the gap between the running peak and the equity (the drawdown).
 */
export function areaBetween(upper: readonly Point[], lower: readonly Point[]): string {
  if (upper.length === 0) return '';
  return `${linePath(upper)} ${[...lower].reverse().map((p) => `L${coord(p.x)},${coord(p.y)}`).join(' ')} Z`;
}

/**
 * Indices to draw of a long series, at most about `max`: the series is cut into buckets and each
 * keeps its lowest and highest value (in time order), so spikes and troughs survive, plus the
 * first and last index. A series that fits is kept whole.
 */
export function decimate(values: readonly number[], max: number): number[] {
  const n = values.length;
  if (n <= max) return values.map((_, i) => i);
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const keep = new Set<number>([0, n - 1]);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    keep.add(lo);
    keep.add(hi);
  }
  return [...keep].sort((a, b) => a - b);
}

/** About `count` evenly spread indices of a series of n, always the first and last. */
export function evenIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...out].sort((a, b) => a - b);
}

/**
 * An accessible inline SVG: role="img" with an aria-label, and a <title> (and <desc>) as its
 * first children so assistive technology and hover both describe it.
 */
export function svgDoc(args: { width: number; height: number; label: string; title: string; desc?: string; className: string; body: string }): string {
  const desc = args.desc ? `<desc>${esc(args.desc)}</desc>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${esc(args.className)}" viewBox="0 0 ${args.width} ${args.height}" ` +
    `width="${args.width}" height="${args.height}" role="img" aria-label="${esc(args.label)}">` +
    `<title>${esc(args.title)}</title>${desc}${args.body}</svg>`
  );
}

/** A UTC timestamp from ns as "2024-01-02 14:30:05" (seconds kept; the date for long spans). */
export function utcTime(tsNs: bigint): string {
  const ms = Number(tsNs / 1_000_000n);
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** A fraction as a signed percentage with `dp` decimals: 0.0123 -> "+1.23 %". */
export function pct(x: number, dp = 2, signed = true): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'n/a' : x > 0 ? '∞' : '-∞';
  // Annualizing a short run can give astronomically large figures: print those as powers of ten.
  const text = Math.abs(x * 100) >= 1e9 ? (x * 100).toExponential(3) : (x * 100).toFixed(dp);
  const zero = Number(text) === 0;
  return `${signed && x > 0 && !zero ? '+' : ''}${zero ? (0).toFixed(dp) : text} %`;
}
