import type { MarketEvent } from '../../engine/model/events.js';
import type { Instrument } from '../../engine/model/instrument.js';
import { ByteLines } from '../byte-lines.js';
import type { MarketData } from '../market-data.js';
import { SyncLog } from '../sync-log.js';
import { SessionPass } from './session-pass.js';
import { type FileChunks, fileLines } from '../file-chunks.js';
import type { TickerTape } from './ticker-tape.js';
import type { HlBookTape } from './hl-book-tape.js';
import { newStats, type BinanceReadOptions, type BinanceStats } from './types.js';

export type { BinanceReadOptions, BinanceStats, BookState, BookTicker } from './types.js';

/** What the instrument survey learnt of one file for the passes. */
export interface FileNotes {
  /** The text as the survey read it, when the session was short enough to keep (first pass only). */
  chunks: Buffer[] | undefined;
  /** Its plain bookTicker lines: for the kept text, or for the file while its digests match. */
  tickers: TickerTape | undefined;
  /** Its Hyperliquid book lines, with the kept text. */
  books: HlBookTape | undefined;
  /** The SHA-1 of each block of the (gzip) file as the survey read it (FileChunks.digests). */
  digests: Buffer[] | undefined;
}

/**
 * Events per yielded batch, roughly: a batch ends with the line that takes it to this many (a
 * line's events are never split). Small batches die young: a batch of a whole 1 MiB chunk
 * (some 17,000 events) outlived minor garbage collections and was copied by them.
 */
const BATCH = 4096;

/**
 * A Binance (or Hyperliquid) recording of the hftbacktest collector: one or more consecutive
 * files of one session, read as one stream. Record numbers run on across the files (the second
 * file's first line is record lines(first file) + 1); warnings and errors name the file and its
 * own line.
 */
export class BinanceSource implements MarketData {
  readonly format = 'binance';
  readonly warnings: string[] = [];
  stats: BinanceStats = newStats();
  /** Records in the session, once a pass has read every file. */
  recordCount: number | undefined;
  private readonly sync = new SyncLog();
  /** The record before each file's first line, for locate(). */
  private readonly fileStarts: number[] = [];

  constructor(
    readonly paths: string[],
    readonly instrument: Instrument,
    private readonly opts: BinanceReadOptions = {},
    /** What the instrument survey learnt of each file (its text, kept for the first pass only). */
    private readonly notes?: FileNotes[],
  ) {}

  get path(): string {
    return this.paths[0];
  }

  locate(record: number): string {
    let i = this.fileStarts.length - 1;
    while (i > 0 && record <= this.fileStarts[i]) i--;
    return `${this.paths[Math.max(i, 0)]}:${record - (this.fileStarts[i] ?? 0)}`;
  }

  unsyncedAt(record: number): string | undefined {
    return this.sync.at(record);
  }

  async *events(): AsyncGenerator<MarketEvent[]> {
    this.warnings.length = 0;
    this.sync.reset();
    this.fileStarts.length = 0;
    const pass = new SessionPass(this.instrument, this.opts, this.warnings, this.sync);
    this.stats = pass.stats;
    for (const [i, path] of this.paths.entries()) {
      this.fileStarts.push(pass.records);
      const note = this.notes?.[i];
      const text = note?.chunks;
      let lines: ByteLines;
      let chunks: FileChunks | undefined;
      if (text !== undefined) lines = ByteLines.replay(text, path);
      else {
        ({ lines, chunks } = fileLines(path));
        if (chunks !== undefined) chunks.expected = note?.digests;
      }
      pass.tickers = text !== undefined || chunks?.expected !== undefined ? note?.tickers : undefined;
      pass.books = text !== undefined ? note?.books : undefined;
      if (note !== undefined) note.chunks = note.books = undefined; // the text serves one pass
      if (note !== undefined && note.digests === undefined) note.tickers = undefined;
      try {
        for (;;) {
          while (pass.readHeld(path, lines, BATCH)) yield pass.take();
          if (!(await lines.fill())) break;
          // Text from a block unlike the survey's: its lines are read in full.
          if (chunks !== undefined && !chunks.trusted) pass.tickers = undefined;
        }
      } finally {
        await lines.close();
      }
    }
    pass.finish();
    this.recordCount = pass.records;
    if (pass.pending > 0) yield pass.take();
  }
}
