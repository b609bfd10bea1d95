import { L2Book } from '../engine/book/l2-book.js';
import { EventKind } from '../engine/model/events.js';
import { lotsToQty, ticksToPrice, type Instrument } from '../engine/model/instrument.js';
import type { MarketData } from '../data/market-data.js';
import { UsageError } from '../errors.js';
import { checkBareTime, nsToIso } from '../cli-support/time-arg.js';

export interface BookSnapshot {
  /** The source record (line or message) the book is shown after. */
  index: number;
  ts_exch: string;
  /** False when the reader does not know the book there (no snapshot yet, a gap in the updates). */
  synced: boolean;
  /** Best bid at or above best ask: no real book looks like this. */
  crossed: boolean;
  bids: [string, string][];
  asks: [string, string][];
}

/** Called once per snapshot that needs a word on stderr (not synchronised, crossed, ...). */
export type BookNote = (text: string) => void;

export function snapshotOf(book: L2Book, inst: Instrument, depth: number, index: number, tsExch: bigint): BookSnapshot {
  const { bids, asks } = book.levels(depth);
  const fmt = ([p, q]: [number, number]): [string, string] => [ticksToPrice(inst, p), lotsToQty(inst, q)];
  const crossed = bids.length > 0 && asks.length > 0 && bids[0][0] >= asks[0][0];
  return { index, ts_exch: tsExch.toString(), synced: true, crossed, bids: bids.map(fmt), asks: asks.map(fmt) };
}

/** "file:line" of a record when the reader can tell, else "record N". */
function where(data: MarketData, record: number): string {
  return data.locate?.(record) ?? `record ${record}`;
}

/** The path, or for a session of several files (Binance recordings) how many, from the first. */
function sourceName(data: MarketData): string {
  const paths = (data as { paths?: unknown }).paths;
  return Array.isArray(paths) && paths.length > 1 ? `the ${paths.length} files from ${data.path}` : data.path;
}

/** Marks a snapshot the reader cannot vouch for, and says why at once. */
function judge(data: MarketData, book: L2Book, snap: BookSnapshot, note: BookNote): BookSnapshot {
  const why = snap.index > 0 ? data.unsyncedAt?.(snap.index) : data.unsyncedAt?.(1);
  if (why !== undefined) {
    snap.synced = false;
    note(`the book after record ${snap.index} (${where(data, snap.index)}) is not synchronised: ${why}`);
  }
  if (snap.crossed) {
    const bid = ticksToPrice(data.instrument, book.bids.priceAt(0)!);
    const ask = ticksToPrice(data.instrument, book.asks.priceAt(0)!);
    note(`the book after record ${snap.index} (${where(data, snap.index)}) is crossed: best bid ${bid} >= best ask ${ask}`);
  }
  return snap;
}

/**
 * The book after the first N source records, for each N (ascending or not). One pass over the
 * data; a snapshot is taken when the stream moves past record N. Record N is answered as N even
 * when it changed nothing (a ticker line); an N past the last record is an error naming the count.
 */
export async function booksAfterRecords(data: MarketData, indices: number[], depth: number, note: BookNote = () => {}): Promise<BookSnapshot[]> {
  const wanted = [...new Set(indices)].sort((a, b) => a - b);
  const out = new Map<number, BookSnapshot>();
  const book = new L2Book();
  let next = 0;
  let lastRecord = 0;
  let lastTs = 0n;
  const take = (n: number): void => {
    out.set(n, judge(data, book, snapshotOf(book, data.instrument, depth, n, lastTs), note));
  };
  outer: for await (const batch of data.events()) {
    for (const e of batch) {
      while (next < wanted.length && e.record > wanted[next]) take(wanted[next++]);
      if (next >= wanted.length) break outer;
      book.apply(e);
      lastRecord = e.record;
      lastTs = e.tsExch;
    }
  }
  if (next < wanted.length) {
    const count = data.recordCount ?? lastRecord;
    const past = wanted.filter((n) => n > count);
    if (past.length > 0) {
      const what = sourceName(data);
      throw new UsageError(
        `--after ${past[0]} is past the end: ${what} ${what === data.path ? 'has' : 'have'} ${count.toLocaleString('en-US')} records`,
        count > 0 ? `give --after between 1 and ${count}` : 'the data holds no records',
      );
    }
    while (next < wanted.length) take(wanted[next++]);
  }
  return indices.map((n) => out.get(n)!);
}

/**
 * The book after every event with ts_exch <= time. Streams are in source order; the first book
 * event stamped after the time ends the replay, so a late trade print never pulls in later diffs.
 * `text` is the time as the user wrote it: a bare number far from the data is refused (see
 * checkBareTime), and a time before the first event is answered with a warning.
 */
export async function bookAtTime(
  data: MarketData,
  time: bigint,
  depth: number,
  note: BookNote = () => {},
  text = time.toString(),
  flag = '--at',
): Promise<BookSnapshot> {
  const book = new L2Book();
  let lastRecord = 0;
  let lastTs = 0n;
  let first: bigint | undefined;
  outer: for await (const batch of data.events()) {
    for (const e of batch) {
      if (first === undefined) {
        first = e.tsExch;
        checkBareTime(text, time, flag, first);
        if (time < first) note(`${flag} ${nsToIso(time)} is before the first event (${nsToIso(first)}): the book is empty`);
      }
      if (e.tsExch > time) {
        if (e.kind === EventKind.Trade) continue;
        break outer;
      }
      book.apply(e);
      lastRecord = e.record;
      lastTs = e.tsExch;
    }
  }
  return judge(data, book, snapshotOf(book, data.instrument, depth, lastRecord, lastTs), note);
}
