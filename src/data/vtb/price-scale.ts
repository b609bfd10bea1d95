import { EventKind } from '../../engine/model/events.js';
import { priceScaleFits } from './format.js';

export interface PriceScale {
  base: number;
  step: number;
}

/**
 * The uint16 price scale of a version 3 block (format.ts), or undefined when its prices do not
 * allow one. Every price but a Clear's must be a whole int32 (not -0); the base is the smallest,
 * the step the greatest common divisor of every price less the base (1 when all are equal), and
 * the prices may span at most 65,535 steps. A Clear carries no price: its price must be exactly
 * 0 (a book snapshot's Clear is, and it would otherwise stretch every snapshot block's span from
 * 0 to the market), and it is stored as 0 steps and read back as 0.
 */
export function uint16PriceScale(price: Float64Array, kind: Uint8Array, n: number): PriceScale | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = price[i];
    if (kind[i] === EventKind.Clear) {
      if (v !== 0 || 1 / v < 0) return undefined;
      continue;
    }
    if ((v | 0) !== v || (v === 0 && 1 / v < 0)) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { base: 0, step: 1 }; // nothing but Clears
  let step = 0;
  for (let i = 0; i < n && step !== 1; i++) if (kind[i] !== EventKind.Clear) step = gcd(step, price[i] - min);
  if (step === 0) step = 1;
  if ((max - min) / step > 0xffff || !priceScaleFits(min, step)) return undefined;
  return { base: min, step };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
