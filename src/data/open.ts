import { UsageError } from '../errors.js';
import type { MarketData, ReadOptions } from './market-data.js';
import { checkFormatContent, checkFormatName, detectFormat } from './detect-format.js';
import { openLobster } from './lobster/index.js';
import { openBinance } from './binance/index.js';
import { openNative } from './native/index.js';
import { openTardis } from './tardis/index.js';
import { openOhlcv } from './ohlcv/index.js';
import { openVtb } from './vtb/index.js';

export interface OpenOptions extends ReadOptions {
  /** Force a format instead of detecting it. */
  format?: string;
}

/**
 * Opens market data in any supported format. Several paths are consecutive files of one
 * session (Binance recordings rotate at UTC midnight); other formats take exactly one.
 */
export async function openMarketData(paths: string[], opts: OpenOptions = {}): Promise<MarketData> {
  if (paths.length === 0) throw new UsageError('no data file given');
  const format = opts.format !== undefined ? checkFormatName(opts.format) : await detectFormat(paths[0]);
  // Content first: every file must look like the format before a reader asks for anything else.
  for (const path of opts.format !== undefined ? paths : paths.slice(1)) checkFormatContent(path, format);
  if (paths.length > 1 && format !== 'binance') {
    throw new UsageError(`${format} data takes one file, got ${paths.length}`, 'only Binance recordings can be chained');
  }
  const path = paths[0];
  switch (format) {
    case 'lobster':
      return openLobster(path, opts);
    case 'binance':
      return openBinance(paths, opts);
    case 'native':
      return openNative(path, opts);
    case 'tardis':
      return openTardis(path, opts);
    case 'ohlcv':
      return openOhlcv(path, opts);
    case 'vtb':
      return openVtb(path, opts);
  }
}
