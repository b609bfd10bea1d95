import type { DecimalStep } from '../engine/model/decimal-units.js';
import { bigIntFromHalves } from './epoch-digits.js';

/**
 * Field parsers that read ASCII straight from the bytes of a line (a Buffer from ByteLines),
 * for the readers' hot loops. They accept only the plain, valid shape of a field and answer
 * NaN / undefined for anything else; the reader then decodes that one line to text and runs
 * its careful string parser, which either accepts the line or reports file, line and field.
 * So the fast path never decides an error message, and never accepts what the careful path
 * would reject.
 */

/**
 * Integer timestamps (epoch digits, optionally followed by `zeros` implied zeros: 3 turns
 * microseconds into nanoseconds) parsed from bytes. The digits are folded into two exact
 * doubles; only when they differ from the previous call's is a bigint built, since rows of one
 * message or one second share their stamps and a bigint costs an allocation.
 */
export class EpochField {
  /** Index of the first byte after the digits read by the last parse(). */
  next = 0;
  /** Digits read by the last parse() (0 when there were none). */
  digits = 0;
  private hi = -1;
  private lo = -1;
  private len = -1;
  private value = 0n;

  constructor(
    /** Implied zero digits after the written ones. */
    private readonly zeros = 0,
    /** At most this many written digits are accepted. */
    private readonly maxDigits = 19 - zeros,
  ) {}

  /**
   * The digits starting at b[i] (up to the first non-digit, or `end`) as a bigint; undefined
   * when there are none or too many. `next` and `digits` tell where they ended.
   */
  parse(b: Uint8Array, i: number, end: number): bigint | undefined {
    const start = i;
    // One walk of the digits, split where the last call's count of digits puts it (a column's
    // stamps nearly always have as many digits as the row before's): a walk to find the end and
    // a second to add the digits cost a third of the native reader's time.
    const len = this.len;
    if (len > 0) {
      const split = Math.max(start, start + len + this.zeros - 9);
      let hi = 0;
      let lo = 0;
      for (; i < end; i++) {
        const d = b[i] - 48;
        if (d < 0 || d > 9) break;
        if (i < split) hi = hi * 10 + d;
        else lo = lo * 10 + d;
      }
      this.next = i;
      if (i - start === len) {
        this.digits = len;
        return this.take(hi, lo, len);
      }
      return this.parseRange(b, start, i);
    }
    while (i < end && b[i] >= 48 && b[i] <= 57) i++;
    this.next = i;
    return this.parseRange(b, start, i);
  }

  /** Like parse(), for a field known to span b[start, end): undefined unless all of it is digits. */
  parseRange(b: Uint8Array, start: number, end: number): bigint | undefined {
    const n = end - start;
    this.digits = n;
    if (n === 0 || n > this.maxDigits) return undefined;
    // value = hi * 1e9 + lo: the last 9 digits (implied zeros included) in lo, the rest in hi.
    const zeros = this.zeros;
    const split = Math.max(start, end + zeros - 9);
    let hi = 0;
    let lo = 0;
    for (let k = start; k < split; k++) {
      const d = b[k] - 48;
      if (d < 0 || d > 9) return undefined;
      hi = hi * 10 + d;
    }
    for (let k = split; k < end; k++) {
      const d = b[k] - 48;
      if (d < 0 || d > 9) return undefined;
      lo = lo * 10 + d;
    }
    return this.take(hi, lo, n);
  }

  /** The value of n written digits folded into hi and lo (implied zeros not yet applied). */
  private take(hi: number, lo: number, n: number): bigint | undefined {
    if (n === 0 || n > this.maxDigits) return undefined;
    const zeros = this.zeros;
    if (zeros > 0) lo *= POW10[zeros];
    // The same digits as last time (same count: "07" is not "7") give the same bigint.
    if (hi === this.hi && lo === this.lo && n === this.len) return this.value;
    this.hi = hi;
    this.lo = lo;
    this.len = n;
    this.value = bigIntFromHalves(hi, lo);
    return this.value;
  }
}

/** Powers of ten a double holds exactly, by exponent. */
export const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Decimal text b[start, end) as an integer count of `step`, exactly as decimalToSteps does it
 * (the same grammar, -?digits(.digits)?, and the same grid rule), or NaN for anything it would
 * reject or that needs care: off the grid, too large, malformed, empty. The caller sends NaN
 * to the string parser, which names the problem.
 */
export function bytesToSteps(b: Uint8Array, start: number, end: number, step: DecimalStep): number {
  let i = start;
  let negative = false;
  if (i < end && b[i] === 45 /* - */) {
    negative = true;
    i++;
  }
  const intStart = i;
  let value = 0;
  for (; i < end; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  const scale = step.scale;
  let frac = 0;
  if (i < end) {
    if (b[i] !== 46 /* . */) return NaN;
    i++;
    const fracStart = i;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) return NaN;
      if (frac < scale) {
        value = value * 10 + d;
        frac++;
      } else if (d !== 0) return NaN; // finer than the grid
    }
    if (i === fracStart) return NaN; // "1." has no digits after the point
  }
  if (frac < scale) value *= POW10[scale - frac] ?? 10 ** (scale - frac);
  // Past 2^53 the digits above were not added exactly.
  if (value > Number.MAX_SAFE_INTEGER || intDigits + scale > 15) return NaN;
  const units = step.units;
  const steps = units === 1 ? value : value / units;
  if (!Number.isInteger(steps)) return NaN;
  return negative && steps !== 0 ? -steps : steps;
}

/** Set by stepsUntil: the index of the byte it stopped at (the `stop` byte, or `end`). */
export let stoppedAt = -1;

/**
 * bytesToSteps(b, start, c, step) for c the first `stop` byte at or after start (or `end` when
 * there is none), read in one walk that leaves c in `stoppedAt`, instead of a walk to find c and
 * a second to convert. NaN wherever that would be NaN, and when a byte other than `stop` ends
 * the number: a CSV field's digits are read once instead of twice.
 */
export function stepsUntil(b: Uint8Array, start: number, end: number, step: DecimalStep, stop: number): number {
  let i = start;
  let negative = false;
  if (i < end && b[i] === 45 /* - */) {
    negative = true;
    i++;
  }
  const intStart = i;
  let value = 0;
  let c = stop;
  for (; i < end; i++) {
    c = b[i];
    const d = c - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  const scale = step.scale;
  let frac = 0;
  if (i < end && c !== stop) {
    if (c !== 46 /* . */) return NaN;
    i++;
    const fracStart = i;
    for (; i < end; i++) {
      c = b[i];
      const d = c - 48;
      if (d < 0 || d > 9) break;
      if (frac < scale) {
        value = value * 10 + d;
        frac++;
      } else if (d !== 0) return NaN; // finer than the grid
    }
    if (i < end && c !== stop) return NaN; // something else before the stop byte
    if (i === fracStart) return NaN; // "1." has no digits after the point
  }
  stoppedAt = i;
  if (frac < scale) value *= POW10[scale - frac] ?? 10 ** (scale - frac);
  // Past 2^53 the digits above were not added exactly.
  if (value > Number.MAX_SAFE_INTEGER || intDigits + scale > 15) return NaN;
  const units = step.units;
  const steps = units === 1 ? value : value / units;
  if (!Number.isInteger(steps)) return NaN;
  return negative && steps !== 0 ? -steps : steps;
}

/** The bytes of an ASCII word, for comparing fields without decoding them. */
export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** b[start, end) holds exactly the bytes of `word` (a JS loop: a native compare costs more for a few bytes). */
export function bytesAre(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  const n = word.length;
  if (end - start !== n) return false;
  for (let k = 0; k < n; k++) if (b[start + k] !== word[k]) return false;
  return true;
}

/** Index of the first `byte` in b[i, end), or `end` when there is none (a loop: fields are short). */
export function indexIn(b: Uint8Array, byte: number, i: number, end: number): number {
  while (i < end && b[i] !== byte) i++;
  return i;
}
