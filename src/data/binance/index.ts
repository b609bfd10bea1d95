import { InputError } from '../../errors.js';
import { assertReadableFile } from '../lines.js';
import { fileLines } from '../file-chunks.js';
import type { ReadOptions } from '../market-data.js';
import { inferInstrument } from './instrument.js';
import { BinanceSource, type BinanceReadOptions, type FileNotes } from './reader.js';
import { TickerTape } from './ticker-tape.js';
import { HlBookTape } from './hl-book-tape.js';
import { SurveyScanner } from './survey.js';
import type { Instrument } from '../../engine/model/instrument.js';
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
  if (opts.instrument !== undefined) return new BinanceSource(list, opts.instrument, opts);
  const { instrument, notes } = await survey(list, (opts as BinanceReadOptions).keepBytes ?? SURVEY_KEEP_BYTES);
  return new BinanceSource(list, instrument, opts, notes);
}

/**
 * Decompressed text the survey keeps for the first events() pass, at most (per session): the
 * pass then reads it from memory instead of decompressing the files a second time, which cost
 * about a fifth of open-and-read on the USD-M day. Longer sessions are read twice, in constant
 * memory: the instrument (the finest decimal anywhere in the session) is needed before the
 * first event, so the first pass cannot begin until the survey has read the last line, and a
 * gzip stream cannot be resumed part way without its inflated text. Keeping the text, or
 * anything of a size per line, would grow with the session; keeping only its last
 * SURVEY_KEEP_BYTES would spare that much of the second decompression, a small share of a
 * long session. What the second read keeps from the survey is bounded: the ticker tape (a bit
 * a line) and a digest per MiB of the compressed file.
 */
export const SURVEY_KEEP_BYTES = 64 << 20;

/**
 * The instrument a survey of the files implies, and what it learnt of each file for the passes:
 * its text while the session fits in keepBytes, and which lines are plain bookTicker lines.
 */
async function survey(paths: string[], keepBytes: number): Promise<{ instrument: Instrument; notes: FileNotes[] }> {
  const scanner = new SurveyScanner();
  const notes: FileNotes[] = [];
  let keeping = keepBytes > 0;
  for (const path of paths) {
    const note: FileNotes = { chunks: keeping ? [] : undefined, tickers: new TickerTape(), books: keeping ? new HlBookTape() : undefined, digests: undefined };
    notes.push(note);
    const { lines, chunks } = fileLines(path, note.chunks);
    // A file read again is checked against these before the ticker tape is trusted.
    if (chunks !== undefined) chunks.digests = note.digests = [];
    try {
      for (;;) {
        if (!lines.nextSync()) {
          if (keeping && notes.reduce((n, k) => n + (k.chunks?.reduce((m, b) => m + b.length, 0) ?? 0), 0) > keepBytes) {
            keeping = false;
            for (const n of notes) n.chunks = n.books = undefined;
            lines.keep = undefined;
            if (chunks !== undefined) chunks.reuse = true;
          }
          if (await lines.fill()) continue;
          break;
        }
        const { buf, start, end } = lines;
        let sp = start;
        while (sp < end && buf[sp] !== 32 /* space */) sp++;
        if (sp === start || sp >= end) continue;
        scanner.line(buf, sp + 1, end, note.tickers, lines.line, note.books);
      }
    } finally {
      await lines.close();
    }
  }
  // A tape says nothing of a file read again unchecked.
  for (const n of notes) if (n.chunks === undefined && n.digests === undefined) n.tickers = undefined;
  const result = inferInstrument(scanner.result(), paths[0]);
  if (typeof result === 'string') {
    throw new InputError(paths[0], undefined, undefined, `cannot infer the instrument: ${result}`, 'give one with --instrument');
  }
  return { instrument: result, notes };
}

/**
 * Consecutive files must come oldest first: compares the first local timestamps before any
 * long pass, so files given newest first fail at once with the fix.
 */
function checkOldestFirst(paths: string[]): void {
  if (paths.length < 2) return; // one file is in order (and its first line costs a decompression)
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
