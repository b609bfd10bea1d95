import type { MarketData } from '../data/market-data.js';
import { synthMarket } from '../data/synth/index.js';

/** A seeded synthetic market; it is MarketData, so every command reads it like a file. */
export function synthData(seed: number, minutes: number, more: { symbol?: string; orders?: boolean } = {}): MarketData {
  return synthMarket({ seed, minutes, ...more });
}
