import type { Instrument } from '../../engine/model/instrument.js';
import type { DecimalStep } from '../../engine/model/decimal-units.js';

/**
 * Exact integer rescaling from a LOBSTER integer (price in 10^-4 dollars, size in shares) to
 * instrument steps: steps = raw * mul / div, valid only when the division leaves no remainder.
 * Both factors are integers, so the test is exact for every safe integer.
 */
export interface IntScale {
  mul: number;
  div: number;
}

/** Scale from integers in units of 10^-rawScale to multiples of `step`. */
export function intScale(step: DecimalStep, rawScale: number): IntScale {
  if (step.scale >= rawScale) return { mul: 10 ** (step.scale - rawScale), div: step.units };
  return { mul: 1, div: step.units * 10 ** (rawScale - step.scale) };
}

/** raw in steps, or NaN when raw is off the grid or too large to hold exactly. */
export function rescale(raw: number, s: IntScale): number {
  if (s.mul === 1 && s.div === 1) return raw;
  const v = raw * s.mul;
  if (!Number.isSafeInteger(v) || v % s.div !== 0) return NaN;
  return v / s.div;
}

/** LOBSTER prices are dollars x 10000. */
export const LOBSTER_PRICE_SCALE = 4;

export function priceScale(instrument: Instrument): IntScale {
  return intScale(instrument.tick, LOBSTER_PRICE_SCALE);
}

/** LOBSTER sizes are whole shares. */
export function sizeScale(instrument: Instrument): IntScale {
  return intScale(instrument.lot, 0);
}
