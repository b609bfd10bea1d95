import { ValueError } from '../model/errors.js';

/**
 * Analytics are statistics, so they run in float64. Callers often hold money as decimal text
 * (equity '1000.25', a trade's P&L '-3.1'); those are accepted and read with Number.
 */
export type Numeric = number | string;

/**
 * A float from a number or decimal string. Blank or non-numeric text is refused instead of
 * silently becoming 0 (Number('') is 0) or NaN; `field` names what was being read.
 */
export function toFloat(x: Numeric, field: string): number {
  if (typeof x === 'number') return x;
  const v = x.trim() === '' ? NaN : Number(x);
  if (Number.isNaN(v)) throw new ValueError(field, `${field}: "${x}" is not a number`);
  return v;
}

/** toFloat over a list. */
export function toFloats(xs: readonly Numeric[], field: string): number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = toFloat(xs[i], field);
  return out;
}

/**
 * A ratio with the library's conventions for a zero denominator (zero risk, no losses): a
 * positive numerator over 0 is Infinity, a negative one -Infinity, 0 / 0 is NaN (undefined).
 * NaN in either operand gives NaN. Reports print Infinity as "inf" (see report-number.ts).
 */
export function ratio(num: number, den: number): number {
  if (Number.isNaN(num) || Number.isNaN(den)) return NaN;
  if (den !== 0) return num / den;
  return num > 0 ? Infinity : num < 0 ? -Infinity : NaN;
}
