import { existsSync } from 'node:fs';
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

/**
 * Data arguments to parts: one value with + (and not a file's own name) is a run over several
 * instruments, "A+B", each part a file or a comma-joined session of one instrument's files;
 * anything else is one session of files.
 */
export function dataParts(values: readonly string[]): string[][] {
  if (values.length === 1 && values[0].includes('+') && !existsSync(values[0])) {
    return values[0].split('+').map((p) => p.split(',').map((f) => f.trim()).filter((f) => f !== ''));
  }
  return [[...values]];
}
