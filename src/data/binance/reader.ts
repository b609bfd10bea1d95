import type { MarketEvent } from '../../engine/model/events.js';
import type { Instrument } from '../../engine/model/instrument.js';
import { readLines } from '../lines.js';
import type { MarketData } from '../market-data.js';
import { SessionPass } from './session-pass.js';
import { newStats, type BinanceReadOptions, type BinanceStats } from './types.js';

export type { BinanceReadOptions, BinanceStats, BookState, BookTicker } from './types.js';

/** Events per yielded batch, roughly: a batch is yielded when a line batch ends past this. */
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

  constructor(
    readonly paths: string[],
    readonly instrument: Instrument,
    private readonly opts: BinanceReadOptions = {},
  ) {}

  get path(): string {
    return this.paths[0];
  }

  async *events(): AsyncGenerator<MarketEvent[]> {
    this.warnings.length = 0;
    const pass = new SessionPass(this.instrument, this.opts, this.warnings);
    this.stats = pass.stats;
    for (const path of this.paths) {
      for await (const batch of readLines(path)) {
        pass.readBatch(path, batch.lines, batch.firstLine);
        if (pass.out.length >= BATCH) yield pass.take();
      }
    }
    pass.finish();
    if (pass.out.length > 0) yield pass.take();
  }
}
