import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { bytesToSteps } from '../byte-fields.js';

/**
 * One walk over a JSON string value that holds a decimal ("105055.0", "0.1428"), learning in
 * the same loop everything the Hyperliquid reader asks of it: where it ends (as a string of
 * printable ASCII without escapes), its decimal places as the instrument survey counts them,
 * and, for the plain shape digits(.digits), its value as an exact integer and a scale. The
 * value then converts to ticks or lots with one multiplication, as bytesToSteps would give it,
 * instead of a second walk over its bytes.
 */
export class DecimalString {
  /** decimalPlaces of the text: -1 for zero and for anything but digits with at most one dot. */
  places = -1;
  /** digits(.digits): mant, scale and ints hold. */
  plain = false;
  /**
   * The value times 10^scale, an integer (plain only). Exact whenever it is used: a value is
   * converted only with ints + scale at most 15 digits, as bytesToSteps requires.
   */
  mant = 0;
  /** Decimal places up to the last non-zero digit (plain only; 0 for zero). */
  scale = 0;
  /** Digits before the point, leading zeros included (plain only): bytesToSteps bounds them. */
  ints = 0;
  /** Where the string began, for bytesToSteps when the value is not plain. */
  start = 0;
  end = 0;

  /**
   * Reads the string whose first byte is b[i]: the index of its closing quote, or -1 at a
   * backslash, a control or non-ASCII byte, or the end `to` (a string left to JSON.parse).
   */
  read(b: Uint8Array, i: number, to: number): number {
    const start = i;
    let dot = -1;
    let lastNonZero = -1;
    let digitsOnly = true;
    let mant = 0;
    /** Zeros after the point not yet folded into mant: folded when a non-zero digit follows. */
    let zeros = 0;
    for (; i < to; i++) {
      const c = b[i];
      if (c >= 48 && c <= 57) {
        if (dot < 0) mant = mant * 10 + (c - 48);
        else if (c === 48) zeros++;
        else {
          for (; zeros > 0; zeros--) mant *= 10;
          mant = mant * 10 + (c - 48);
        }
        if (c !== 48) lastNonZero = i;
      } else if (c === 46 /* . */) {
        if (dot >= 0) digitsOnly = false;
        dot = i;
      } else if (c === 34 /* " */) break;
      else {
        if (c < 32 || c > 126 || c === 92 /* \ */) return -1;
        digitsOnly = false;
      }
    }
    if (i >= to) return -1;
    this.start = start;
    this.end = i;
    // decimalPlacesIn of the survey: a second dot or any other byte makes it -1.
    this.places = !digitsOnly || lastNonZero < 0 ? -1 : dot < 0 || lastNonZero < dot ? 0 : lastNonZero - dot;
    const ints = (dot < 0 ? i : dot) - start;
    this.ints = ints;
    this.scale = this.places < 0 ? 0 : this.places;
    this.mant = mant;
    // The grammar of bytesToSteps without a sign: digits, then a point and digits, if any.
    this.plain = digitsOnly && ints > 0 && dot !== i - 1;
    return i;
  }

  /** bytesToSteps of the string read last, at `step`, without reading its bytes again when plain. */
  steps(b: Uint8Array, step: DecimalStep): number {
    if (!this.plain) return bytesToSteps(b, this.start, this.end, step);
    return plainSteps(this.mant, this.scale, this.ints, step);
  }
}

/**
 * mant * 10^-scale (ints digits before the point) as a count of `step`, exactly as bytesToSteps
 * gives it for the plain text of that value: NaN when finer than the step's grid, when the
 * digits at the step's scale may pass 2^53, or off a step of several units.
 */
function plainSteps(mant: number, scale: number, ints: number, step: DecimalStep): number {
  const s = step.scale;
  if (scale > s || ints + s > 15) return NaN;
  const value = mant * POW10[s - scale];
  const units = step.units;
  if (units === 1) return value;
  const steps = value / units;
  return Number.isInteger(steps) ? steps : NaN;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
