import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { POW10 } from '../byte-fields.js';

/** Set by stepsBeforeQuote: the index of the closing quote it stopped at. */
export let quoteAt = -1;

/**
 * The decimal inside a JSON string starting at b[start] (after its opening quote) as a count of
 * `step`, read up to its closing quote in the same walk, which it leaves in `quoteAt`: what
 * bytesToSteps(b, start, q, step) gives for q the first quote at or after start, without first
 * walking the bytes to find q. NaN where that would be NaN (any byte before the quote outside
 * -?digits(.digits)?, off the grid, too large) and where no quote comes before `to`. The depth
 * arrays are nearly all such strings: this reads each price and size once instead of twice.
 */
export function stepsBeforeQuote(b: Uint8Array, start: number, to: number, step: DecimalStep): number {
  let i = start;
  let negative = false;
  if (i < to && b[i] === 45 /* - */) {
    negative = true;
    i++;
  }
  const intStart = i;
  let value = 0;
  let c = 0;
  for (; i < to; i++) {
    c = b[i];
    const d = c - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  if (i >= to) return NaN; // no closing quote
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  const scale = step.scale;
  let frac = 0;
  if (c !== 34 /* " */) {
    if (c !== 46 /* . */) return NaN;
    i++;
    const fracStart = i;
    for (; i < to; i++) {
      c = b[i];
      const d = c - 48;
      if (d < 0 || d > 9) break;
      if (frac < scale) {
        value = value * 10 + d;
        frac++;
      } else if (d !== 0) return NaN; // finer than the grid
    }
    if (i >= to || c !== 34) return NaN; // no closing quote, or something else before it
    if (i === fracStart) return NaN; // "1." has no digits after the point
  }
  quoteAt = i;
  if (frac < scale) value *= POW10[scale - frac] ?? 10 ** (scale - frac);
  // Past 2^53 the digits above were not added exactly.
  if (value > Number.MAX_SAFE_INTEGER || intDigits + scale > 15) return NaN;
  const units = step.units;
  const steps = units === 1 ? value : value / units;
  if (!Number.isInteger(steps)) return NaN;
  return negative && steps !== 0 ? -steps : steps;
}
