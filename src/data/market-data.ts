import type { Instrument } from '../engine/model/instrument.js';
import type { MarketEvent } from '../engine/model/events.js';

/**
 * What every reader returns: the instrument (given or inferred) and a stream of event batches.
 * Batches keep per-event async overhead out of the hot path; each batch is a fresh array the
 * consumer may keep. Events within and across batches are in source order.
 */
export interface MarketData {
  /** The path as the user gave it. */
  readonly path: string;
  /** Short format name: lobster, binance, native, tardis, ohlcv, vtb. */
  readonly format: string;
  readonly instrument: Instrument;
  /** Yields events in order. Each call starts a fresh pass over the source. */
  events(): AsyncIterable<MarketEvent[]>;
  /** Warnings collected so far (gaps resynchronised, unordered rows allowed, ...). */
  readonly warnings: string[];
  /**
   * Source records (data lines or messages, blank ones included) once a pass has read to the
   * end; undefined before. Records that change nothing (a ticker line) still count.
   */
  readonly recordCount?: number;
  /** Where a record sits in the source, as "file:line", for messages that point at it. */
  locate?(record: number): string;
  /**
   * Why the book is not known after a record (no snapshot yet, a gap in the updates), or
   * undefined when it is. Answers for records the running pass has already read. Readers whose
   * book is known from the first record leave this out.
   */
  unsyncedAt?(record: number): string | undefined;
}

export interface ReadOptions {
  /** Instrument to use instead of inferring one (required by formats that cannot infer). */
  instrument?: Instrument;
  /** Accept timestamps that go backwards, with a warning, instead of failing. */
  allowUnordered?: boolean;
}
