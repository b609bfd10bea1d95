import type { BookSide } from '../../engine/book/book-side.js';
import { bookColumnName, FieldError } from './fields.js';
import { rescale, type IntScale } from './units.js';

/** LOBSTER fills unoccupied levels with these prices and size 0. */
export const EMPTY_ASK_PRICE = 9999999999;
export const EMPTY_BID_PRICE = -9999999999;

/** Receives one level the book must be set to (size 0 removes it). */
export type LevelSink = (price: number, size: number) => void;

/**
 * Brings one side of the reader's book in line with one orderbook row, the ground truth of
 * the book after the row's message. The row shows the best N occupied levels, or fewer when
 * the side has fewer. Levels the messages cannot explain (the opening book, levels that rise
 * into view from below the top N) are set; levels of the book that the row proves absent are
 * removed. Levels below a full top N are removed too: the file says nothing about them, so
 * the L2 view is exactly what the file shows (what a TCA walk or a fill may rely on), and when
 * they come back into view the row sets them again.
 */
export class SideCorrector {
  private readonly prices: Float64Array;
  private readonly sizes: Float64Array;
  private readonly fixPrices: number[] = [];
  private readonly fixSizes: number[] = [];
  /** This side's columns of the last row read (price, size per level), while `held`. */
  private readonly lastRow: Float64Array;
  /** The book's side equals lastRow's levels: true after every correct() that returned. */
  private held = false;

  constructor(
    private readonly isBid: boolean,
    private readonly levels: number,
    private readonly priceScale: IntScale,
    private readonly sizeScale: IntScale,
  ) {
    this.prices = new Float64Array(levels);
    this.sizes = new Float64Array(levels);
    this.lastRow = new Float64Array(2 * levels);
  }

  /**
   * Reads this side from a parsed row (AskPx1, AskSz1, BidPx1, BidSz1, ...), fixes `side` and
   * reports every change to `sink`. Returns the number of changes. `touched`: the side may have
   * changed since the last call (a message was applied to it).
   *
   * After each call the side holds exactly the row's levels (they matched, or were fixed to).
   * So when no message touched the side and its columns are those of the last row, the side
   * matches without a look at the book: most rows change one side only, and walking the book
   * level by level was the largest cost of the reader after parsing (2026-12-06).
   */
  correct(row: Float64Array, side: BookSide, sink: LevelSink, touched = true): number {
    if (!touched && this.held && this.sameColumns(row)) return 0;
    this.held = false;
    const k = this.readRow(row);
    const fixes = this.matches(side, k) ? 0 : this.fix(side, k, sink);
    this.keepColumns(row);
    this.held = true;
    return fixes;
  }

  /** This side's columns of `row` equal those of the last row. */
  private sameColumns(row: Float64Array): boolean {
    const last = this.lastRow;
    for (let j = 0, col = this.isBid ? 2 : 0; j < last.length; j += 2, col += 4) {
      if (row[col] !== last[j] || row[col + 1] !== last[j + 1]) return false;
    }
    return true;
  }

  private keepColumns(row: Float64Array): void {
    const last = this.lastRow;
    for (let j = 0, col = this.isBid ? 2 : 0; j < last.length; j += 2, col += 4) {
      last[j] = row[col];
      last[j + 1] = row[col + 1];
    }
  }

  /** Converts the row's levels of this side to ticks and lots; returns how many are occupied. */
  private readRow(row: Float64Array): number {
    const off = this.isBid ? 2 : 0;
    const empty = this.isBid ? EMPTY_BID_PRICE : EMPTY_ASK_PRICE;
    let k = 0;
    for (let j = 0; j < this.levels; j++) {
      const col = 4 * j + off;
      const rawPrice = row[col];
      const rawSize = row[col + 1];
      if (rawPrice === empty) {
        if (rawSize !== 0) throw new FieldError(bookColumnName(col + 1), `an empty level (price ${empty}) must have size 0, got ${rawSize}`);
        continue;
      }
      if (k < j) {
        throw new FieldError(bookColumnName(col), `level ${j + 1} is occupied but level ${k + 1} above it is empty`);
      }
      if (rawPrice <= 0) throw new FieldError(bookColumnName(col), `price ${rawPrice} is not positive`);
      if (rawSize <= 0) throw new FieldError(bookColumnName(col + 1), `an occupied level must have a positive size, got ${rawSize}`);
      const price = rescale(rawPrice, this.priceScale);
      if (Number.isNaN(price)) throw new FieldError(bookColumnName(col), `price ${rawPrice} is not on the instrument's tick grid`);
      const size = rescale(rawSize, this.sizeScale);
      if (Number.isNaN(size)) throw new FieldError(bookColumnName(col + 1), `size ${rawSize} is not a whole number of lots`);
      if (k > 0 && (this.isBid ? price >= this.prices[k - 1] : price <= this.prices[k - 1])) {
        throw new FieldError(bookColumnName(col), `level ${j + 1} at ${rawPrice} is not worse than level ${j} at ${row[col - 4]}`);
      }
      this.prices[k] = price;
      this.sizes[k] = size;
      k++;
    }
    return k;
  }

  /** The common case: the messages alone produced exactly this row. */
  private matches(side: BookSide, k: number): boolean {
    if (side.depth !== k) return false;
    for (let j = 0; j < k; j++) {
      if (side.priceAt(j) !== this.prices[j] || side.sizeAtLevel(j) !== this.sizes[j]) return false;
    }
    return true;
  }

  private fix(side: BookSide, k: number, sink: LevelSink): number {
    const fixP = this.fixPrices;
    const fixS = this.fixSizes;
    fixP.length = 0;
    fixS.length = 0;
    // Merge the book (best first) with the row (best first); collect changes, apply after.
    const depth = side.depth;
    let i = 0;
    let j = 0;
    while (j < k) {
      const want = this.prices[j];
      const have = i < depth ? side.priceAt(i)! : undefined;
      if (have !== undefined && (this.isBid ? have > want : have < want)) {
        // A level better than the row's j-th: the row proves it is gone.
        fixP.push(have);
        fixS.push(0);
        i++;
      } else if (have === want) {
        if (side.sizeAtLevel(i) !== this.sizes[j]) {
          fixP.push(want);
          fixS.push(this.sizes[j]);
        }
        i++;
        j++;
      } else {
        fixP.push(want);
        fixS.push(this.sizes[j]);
        j++;
      }
    }
    // Everything below the row's levels is either gone or out of sight: drop it.
    for (; i < depth; i++) {
      fixP.push(side.priceAt(i)!);
      fixS.push(0);
    }
    for (let n = 0; n < fixP.length; n++) {
      side.set(fixP[n], fixS[n]);
      sink(fixP[n], fixS[n]);
    }
    return fixP.length;
  }
}
