import { InputError } from '../../errors.js';
import { assertReadableFile, openMaybeGzip } from '../lines.js';
import { ByteLines } from '../byte-lines.js';
import type { ReadOptions } from '../market-data.js';
import { inferInstrument } from './instrument.js';
import { BinanceSource, type BinanceReadOptions } from './reader.js';
import { SurveyScanner } from './survey.js';
import { readFirstLine } from '../detect-format.js';
import { localTimestampNs } from './local-time.js';
import { ValueError } from '../../engine/model/errors.js';

export { BinanceSource } from './reader.js';
export type { BinanceReadOptions, BinanceStats, BookTicker, BookState } from './reader.js';
export { VENUE_NAMES, quoteCurrency } from './instrument.js';

/**
 * Opens a recording of the hftbacktest collector (Binance spot / USD-M / COIN-M, or
 * Hyperliquid): "<local ts> <exchange JSON>" per line, plain or gzip. Several paths are
 * consecutive files of one session, read as one stream; record numbers run on across them.
 *
 * Without opts.instrument the files are surveyed first (one cheap pass over the text) for the
 * symbol, venue, tick size and lot size.
 */
export async function openBinance(paths: string | string[], opts: ReadOptions | BinanceReadOptions = {}): Promise<BinanceSource> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new InputError('(none)', undefined, undefined, 'no Binance file given');
  for (const p of list) assertReadableFile(p);
  checkOldestFirst(list);
  const instrument = opts.instrument ?? (await survey(list));
  return new BinanceSource(list, instrument, opts);
}

async function survey(paths: string[]) {
  const scanner = new SurveyScanner();
  for (const path of paths) {
    const lines = new ByteLines(openMaybeGzip(path), path);
    for (;;) {
      if (!lines.nextSync()) {
        if (await lines.fill()) continue;
        break;
      }
      const sp = lines.buf.indexOf(32 /* space */, lines.start);
      if (sp > lines.start && sp < lines.end) scanner.scan(lines.buf.subarray(sp + 1, lines.end));
    }
  }
  const result = inferInstrument(scanner.result(), paths[0]);
  if (typeof result === 'string') {
    throw new InputError(paths[0], undefined, undefined, `cannot infer the instrument: ${result}`, 'give one with --instrument');
  }
  return result;
}

/**
 * Consecutive files must come oldest first: compares the first local timestamps before any
 * long pass, so files given newest first fail at once with the fix.
 */
function checkOldestFirst(paths: string[]): void {
  let prev: { path: string; ts: bigint } | undefined;
  for (const path of paths) {
    const line = readFirstLine(path);
    const sp = line.indexOf(' ');
    let ts: bigint;
    try {
      ts = localTimestampNs(sp > 0 ? line.slice(0, sp) : line);
    } catch (err) {
      if (err instanceof ValueError) continue; // the pass reports a bad first line with its field
      throw err;
    }
    if (prev !== undefined && ts < prev.ts) {
      throw new InputError(
        path,
        1,
        'local_ts',
        `starts before ${prev.path} does (${ts} < ${prev.ts} ns): the files are not in time order`,
        'give the files oldest first',
      );
    }
    prev = { path, ts };
  }
}
