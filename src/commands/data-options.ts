import { loadInstrumentFile } from '../data/instrument-file.js';
import { openMarketData } from '../data/open.js';
import { openParts } from '../data/open-parts.js';
import type { MarketData } from '../data/market-data.js';

export { withDataOptions, type DataFlags } from './flag-sets.js';
import type { DataFlags } from './flag-sets.js';

export async function openFromFlags(paths: string[], flags: DataFlags): Promise<MarketData> {
  return openMarketData(paths, {
    format: flags.format,
    allowUnordered: flags.allowUnordered,
    instrument: flags.instrument !== undefined ? loadInstrumentFile(flags.instrument) : undefined,
  });
}

/**
 * Opens the parts of a run: one instrument's session each (a run of one instrument has one part).
 * --instrument and --format apply to every part.
 */
export async function openPartsFromFlags(parts: string[][], flags: DataFlags): Promise<MarketData[]> {
  if (parts.length === 1) return [await openFromFlags(parts[0], flags)];
  return openParts(parts, {
    format: flags.format,
    allowUnordered: flags.allowUnordered,
    instrument: flags.instrument !== undefined ? loadInstrumentFile(flags.instrument) : undefined,
  });
}

/** Prints the reader's warnings to stderr, once, after the work. */
export function reportWarnings(data: MarketData): void {
  for (const w of data.warnings) process.stderr.write(`warning: ${w}\n`);
}
