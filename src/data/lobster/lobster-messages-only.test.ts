import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind } from '../../engine/model/events.js';
import { priceToTicks, type Instrument } from '../../engine/model/instrument.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { openLobster } from './index.js';

/*
 * The reader reconciles its book with the orderbook file after every row, so a book that reads
 * the reader's events always ends up right, whatever the messages did to it: a reader or book
 * bug in the message path hides behind the corrections. Here the corrections are left out.
 * After the opening row, the engine's L2Book sees only the events the messages produced, and is
 * compared after every row with a naive book written below that reads the message CSV text on
 * its own. Both start from the opening book of orderbook row 1.
 */

const lobsterDir = join(dataDir(), 'lobster');
const zips = readdirSync(lobsterDir)
  .filter((n) => n.endsWith('.zip'))
  .sort()
  .map((n) => join(lobsterDir, n));

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

function unzipPair(zipPath: string): { message: string[]; orderbook: string[]; levels: number } {
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => /_(message|orderbook)_\d+\.csv$/.test(f.name) });
  const names = Object.keys(files);
  const messageName = names.find((n) => n.includes('_message_'))!;
  const orderbookName = names.find((n) => n.includes('_orderbook_'))!;
  return {
    message: lines(strFromU8(files[messageName])),
    orderbook: lines(strFromU8(files[orderbookName])),
    levels: Number(/_(\d+)\.csv$/.exec(orderbookName)![1]),
  };
}

/**
 * One side of a book as the plainest thing that works: an array of [price, size], best first,
 * searched from the start. A cancel, delete or execution takes size away; a level whose size
 * reaches zero (or less: an order the book never saw, resting since before the open or deeper
 * than the file shows) is gone; taking size from a price not in the book does nothing.
 */
class NaiveSide {
  readonly levels: [number, number][] = [];

  constructor(private readonly better: (a: number, b: number) => boolean) {}

  add(price: number, size: number): void {
    const i = this.levels.findIndex(([p]) => p === price);
    if (i >= 0) {
      this.levels[i][1] += size;
      return;
    }
    const at = this.levels.findIndex(([p]) => this.better(price, p));
    this.levels.splice(at < 0 ? this.levels.length : at, 0, [price, size]);
  }

  take(price: number, size: number): void {
    const i = this.levels.findIndex(([p]) => p === price);
    if (i < 0) return;
    this.levels[i][1] -= size;
    if (this.levels[i][1] <= 0) this.levels.splice(i, 1);
  }
}

/** LOBSTER integer prices (dollars x 10000) in the instrument's ticks, computed from the text. */
function tickerOf(instrument: Instrument): (raw: string) => number {
  const cache = new Map<string, number>();
  return (raw) => {
    let t = cache.get(raw);
    if (t === undefined) {
      const digits = raw.padStart(5, '0');
      t = priceToTicks(instrument, `${digits.slice(0, -4)}.${digits.slice(-4)}`);
      cache.set(raw, t);
    }
    return t;
  };
}

function sameSide(engine: L2Book['bids'], naive: [number, number][], depth: number): boolean {
  const n = Math.min(depth, naive.length);
  for (let i = 0; i < n; i++) {
    if (engine.priceAt(i) !== naive[i][0] || engine.sizeAtLevel(i) !== naive[i][1]) return false;
  }
  // Exactly as deep as the naive book, within the compared depth.
  return n === depth || engine.priceAt(n) === undefined;
}

function top(side: L2Book['bids'], depth: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < depth; i++) {
    const p = side.priceAt(i);
    if (p === undefined) break;
    out.push([p, side.sizeAtLevel(i)]);
  }
  return out;
}

/** How often the whole of both books is compared; the top levels are compared every row. */
const FULL_EVERY = 512;
const TOP = 10;

describe('LOBSTER messages alone, without the orderbook corrections, against a naive book', () => {
  it('finds the six sample zips', () => {
    expect(zips).toHaveLength(6);
  });

  for (const zip of zips) {
    it(`${basename(zip)}: the engine book from the message events equals the naive book after every row`, async () => {
      const pair = unzipPair(zip);
      const md = await openLobster(zip);
      const ticks = tickerOf(md.instrument);
      const naive = { bids: new NaiveSide((a, b) => a > b), asks: new NaiveSide((a, b) => a < b) };
      const opening = pair.orderbook[0].split(',');
      for (let j = 0; j < pair.levels; j++) {
        const [ap, as, bp, bs] = opening.slice(4 * j, 4 * j + 4);
        if (ap !== '9999999999') naive.asks.add(ticks(ap), Number(as));
        if (bp !== '-9999999999') naive.bids.add(ticks(bp), Number(bs));
      }

      const book = new L2Book();
      let row = 1;
      let compared = 0;
      let corrections = 0;
      const problems: string[] = [];
      const compare = (r: number): void => {
        const depth = r % FULL_EVERY === 0 || r === pair.message.length ? Infinity : TOP;
        compared++;
        if (problems.length < 3 && !(sameSide(book.bids, naive.bids.levels, depth) && sameSide(book.asks, naive.asks.levels, depth))) {
          const want = { bids: naive.bids.levels.slice(0, TOP), asks: naive.asks.levels.slice(0, TOP) };
          const got = { bids: top(book.bids, TOP), asks: top(book.asks, TOP) };
          problems.push(`row ${r} "${pair.message[r - 1]}": engine ${JSON.stringify(got).slice(0, 300)} naive ${JSON.stringify(want).slice(0, 300)}`);
        }
      };
      const advanceTo = (r: number): void => {
        for (; row < r; ) {
          compare(row);
          row++;
          const [, type, , size, price, direction] = pair.message[row - 1].split(',');
          const side = direction === '1' ? naive.bids : naive.asks;
          if (type === '1') side.add(ticks(price), Number(size));
          else if (type === '2' || type === '3' || type === '4') side.take(ticks(price), Number(size));
          // 5 (hidden execution), 6 (cross) and 7 (halt) leave the visible book alone.
        }
      };

      for await (const batch of md.events()) {
        for (const e of batch) {
          advanceTo(e.record);
          if (e.kind === EventKind.Clear) throw new Error(`a LOBSTER day never clears its book (record ${e.record})`);
          // Row 1 sets up the opening book the file shows; after it, only the messages count.
          if (e.kind === EventKind.Level && e.record > 1) {
            corrections++;
            continue;
          }
          book.apply(e);
        }
      }
      advanceTo(pair.message.length);
      compare(row);

      expect(problems).toEqual([]);
      expect(compared).toBe(pair.message.length);
      expect(corrections).toBe(md.stats.correctionLevels - md.stats.openingLevels);
    });
  }
});
