import { Decimal } from 'decimal.js';
import { pct } from '../report-html/svg.js';

export { pct };

/** A ratio as people read it: 6 significant digits, "∞" for unbounded, "n/a" when undefined. */
export function ratioText(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(4);
  return String(Number(x.toPrecision(6)));
}

/** Signed money with its currency: "+50.95 USD", "-3.1 USD", "0 USD". */
export function moneyWithSign(text: string, currency: string): string {
  const d = new Decimal(text).toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN);
  return `${d.gt(0) ? '+' : ''}${d.toFixed()} ${currency}`;
}

/** Money without a sign prefix for positives: "100050.95 USD". */
export function moneyPlain(text: string, currency: string): string {
  return `${new Decimal(text).toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed()} ${currency}`;
}

const UNITS: [bigint, string][] = [
  [86_400_000_000_000n, 'd'],
  [3_600_000_000_000n, 'h'],
  [60_000_000_000n, 'min'],
  [1_000_000_000n, 's'],
];

/** A duration in ns in its two largest units, a zero second unit left out: "2d 3h", "721d", "4min 12s", "850 ms", "0 s". */
export function durationText(ns: bigint): string {
  if (ns === 0n) return '0 s';
  if (ns < 1_000_000_000n) return `${Number((Number(ns) / 1e6).toPrecision(3))} ms`;
  const i = UNITS.findIndex(([size]) => ns >= size);
  const [size, unit] = UNITS[i];
  const whole = ns / size;
  const next = UNITS[i + 1];
  const rest = next === undefined ? 0n : (ns - whole * size) / next[0];
  return rest === 0n ? `${whole}${unit}` : `${whole}${unit} ${rest}${next[1]}`;
}
