import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMarketData } from '../src/data/open.js';
import { dataDir } from './support/data-dir.js';
import type { BookSide } from '../src/engine/book/book-side.js';
import { L2Book } from '../src/engine/book/l2-book.js';
import { SortedL2Book, type SortedBookSide } from './book/sorted-l2-book.js';

// The tick-indexed book against the sorted-array book it replaced, on real recordings: the same
// best bid and ask, depth and top levels after every event.

const RECORDINGS = [
  'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip',
  'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip',
  'binance/usdm/btcusdt_20240808.gz',
  'binance/spot/btcusdt_20240808.gz',
];
const TOP = 5;

function sameSide(a: BookSide, b: SortedBookSide): boolean {
  if (a.depth !== b.depth) return false;
  const n = Math.min(TOP, a.depth);
  for (let l = 0; l < n; l++) if (a.priceAt(l) !== b.priceAt(l) || a.sizeAtLevel(l) !== b.sizeAtLevel(l)) return false;
  return true;
}

describe('L2Book on real recordings, event by event, against the sorted-array book', () => {
  for (const rel of RECORDINGS) {
    it(rel, async () => {
      const data = await openMarketData([join(dataDir(), rel)]);
      const book = new L2Book();
      const reference = new SortedL2Book();
      let n = 0;
      let deepest = 0;
      for await (const batch of data.events()) {
        for (const e of batch) {
          book.apply(e);
          reference.apply(e);
          n++;
          // Checked cheaply first; on a mismatch, expect() shows both books' top levels.
          if (!sameSide(book.bids, reference.bids) || !sameSide(book.asks, reference.asks) || book.bestBid() !== reference.bestBid()) {
            expect({ event: n, ...book.levels(TOP), depth: [book.bids.depth, book.asks.depth] }).toEqual({
              event: n,
              ...reference.levels(TOP),
              depth: [reference.bids.depth, reference.asks.depth],
            });
          }
          deepest = Math.max(deepest, book.bids.depth, book.asks.depth);
        }
      }
      expect(n).toBeGreaterThan(100_000);
      expect(deepest).toBeGreaterThan(TOP);
      // At the end, every level of both sides.
      expect(book.levels()).toEqual(reference.levels());
    });
  }
});
