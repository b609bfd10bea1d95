import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { stepsUntil, stoppedAt } from '../byte-fields.js';

/** Set by stepsBeforeQuote: the index of the closing quote it stopped at. */
export let quoteAt = -1;

/**
 * The decimal inside a JSON string starting at b[start] (after its opening quote) as a count of
 * `step`, read up to its closing quote in the same walk, which it leaves in `quoteAt`: what
 * bytesToSteps(b, start, q, step) gives for q the first quote at or after start, without first
 * walking the bytes to find q. NaN where that would be NaN (any byte before the quote outside
 * -?digits(.digits)?, off the grid, too large) and where no quote comes before `to`. The depth
 * arrays are nearly all such strings: this reads each price and size once instead of twice.
 * stepsUntil with the quote as its stop byte, less a number that runs to `to`.
 */
export function stepsBeforeQuote(b: Uint8Array, start: number, to: number, step: DecimalStep): number {
  const steps = stepsUntil(b, start, to, step, 34 /* " */);
  quoteAt = stoppedAt;
  // Stopped at `to`: no closing quote came before it.
  return stoppedAt < to ? steps : NaN;
}
