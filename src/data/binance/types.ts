import type { ReadOptions } from '../market-data.js';

/** One best-bid/offer record of the bookTicker stream, in ticks and lots. */
export interface BookTicker {
  /** Record number (line across the whole session, 1-based), file and line within it. */
  record: number;
  file: string;
  line: number;
  /** The order-book update id the ticker was published at (u). */
  updateId: number;
  /** Futures tickers carry an event time; spot ones do not. */
  tsExch: bigint | undefined;
  tsLocal: bigint;
  bidPrice: number;
  bidQty: number;
  askPrice: number;
  askQty: number;
}

/** The emitted book has reached a known exchange update id. */
export interface BookState {
  /** The book is in the state the exchange had after this update id. */
  updateId: number;
  /** ...once the first `events` events of this pass have been applied. */
  events: number;
  record: number;
}

export interface BinanceReadOptions extends ReadOptions {
  /** Called, in record order during a pass of events(), for every bookTicker line. */
  onBookTicker?: (t: BookTicker) => void;
  /** Called whenever the emitted book reaches a known update id (snapshot, each applied diff). */
  onBookState?: (s: BookState) => void;
  /**
   * At most this many bytes of decompressed text the instrument survey keeps for the first
   * pass (default SURVEY_KEEP_BYTES; 0: keep none, read the files again).
   */
  keepBytes?: number;
}

/** What a pass saw, by message kind. Reset at the start of each pass. */
export interface BinanceStats {
  records: number;
  depth: number;
  snapshots: number;
  bookTicker: number;
  trades: number;
  /** Futures prints that are not order-book trades (X = INSURANCE_FUND, ADL, ...). */
  tradesSkipped: number;
  /** Diffs applied, dropped as already covered, and never applied (no snapshot / out of sync). */
  diffsApplied: number;
  diffsStale: number;
  diffsUnapplied: number;
  gaps: number;
  hyperliquidBooks: number;
  hyperliquidTrades: number;
  /** Messages skipped by stream or channel name (markPrice@1s, ...). */
  skipped: Record<string, number>;
}

/** Zeroed counters, at the start of a pass. */
export function newStats(): BinanceStats {
  return {
    records: 0, depth: 0, snapshots: 0, bookTicker: 0, trades: 0, tradesSkipped: 0, diffsApplied: 0,
    diffsStale: 0, diffsUnapplied: 0, gaps: 0, hyperliquidBooks: 0, hyperliquidTrades: 0, skipped: {},
  };
}
