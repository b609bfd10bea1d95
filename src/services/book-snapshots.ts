import { L2Book } from '../engine/book/l2-book.js';
import { EventKind } from '../engine/model/events.js';
import { lotsToQty, ticksToPrice, type Instrument } from '../engine/model/instrument.js';
import type { MarketData } from '../data/market-data.js';

export interface BookSnapshot {
  index: number;
  ts_exch: string;
  bids: [string, string][];
  asks: [string, string][];
}

export function snapshotOf(book: L2Book, inst: Instrument, depth: number, index: number, tsExch: bigint): BookSnapshot {
  const { bids, asks } = book.levels(depth);
  const fmt = ([p, q]: [number, number]): [string, string] => [ticksToPrice(inst, p), lotsToQty(inst, q)];
  return { index, ts_exch: tsExch.toString(), bids: bids.map(fmt), asks: asks.map(fmt) };
}

/**
 * The book after the first N source records, for each N (ascending or not). One pass over the
 * data; a snapshot is taken when the stream moves past record N. An N beyond the end of the data
 * gets the final book with its true last index.
 */
export async function booksAfterRecords(data: MarketData, indices: number[], depth: number): Promise<BookSnapshot[]> {
  const wanted = [...new Set(indices)].sort((a, b) => a - b);
  const out = new Map<number, BookSnapshot>();
  const book = new L2Book();
  let next = 0;
  let lastRecord = 0;
  let lastTs = 0n;
  outer: for await (const batch of data.events()) {
    for (const e of batch) {
      while (next < wanted.length && e.record > wanted[next]) {
        out.set(wanted[next], snapshotOf(book, data.instrument, depth, wanted[next], lastTs));
        next++;
      }
      if (next >= wanted.length) break outer;
      book.apply(e);
      lastRecord = e.record;
      lastTs = e.tsExch;
    }
  }
  for (; next < wanted.length; next++) {
    out.set(wanted[next], snapshotOf(book, data.instrument, depth, Math.min(wanted[next], lastRecord), lastTs));
  }
  return indices.map((n) => out.get(n)!);
}

/**
 * The book after every event with ts_exch <= time. Streams are in source order; the first book
 * event stamped after the time ends the replay, so a late trade print never pulls in later diffs.
 */
export async function bookAtTime(data: MarketData, time: bigint, depth: number): Promise<BookSnapshot> {
  const book = new L2Book();
  let lastRecord = 0;
  let lastTs = 0n;
  outer: for await (const batch of data.events()) {
    for (const e of batch) {
      if (e.tsExch > time) {
        if (e.kind === EventKind.Trade) continue;
        break outer;
      }
      book.apply(e);
      lastRecord = e.record;
      lastTs = e.tsExch;
    }
  }
  return snapshotOf(book, data.instrument, depth, lastRecord, lastTs);
}
