import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { DecimalString } from './decimal-string.js';
import { plainStringEnd, startsWith } from './json-bytes.js';

const PREFIX = Buffer.from('{"channel":"l2Book","data":{"coin":"', 'latin1');
const LEVELS = Buffer.from('","levels":[', 'latin1');
const TIME = Buffer.from('],"time":', 'latin1');
/** More digits than this may not be a safe integer (2^53 has 16). */
const MAX_INT_DIGITS = 15;

/**
 * A hand scanner for Hyperliquid's l2Book channel message in the one shape the collector
 * writes it, `{"channel":"l2Book","data":{"coin":"BTC","levels":[[{"n":5,"px":"105055.0",
 * "sz":"3.03622"},...],[...]],"time":1737918843542}}`: the bids and asks of a whole book. These
 * lines are most of a Hyperliquid recording (2 KB each), and JSON.parse of them, then a string
 * and an object for every level, was most of the reader's time.
 *
 * It reads the bytes of the line, validates all of it and converts every level with a size to
 * ticks and lots; levels of size zero are left out (a full book lists what rests) without
 * reading their price, as the JSON path does. Anything outside that exact shape (other keys or
 * key order, whitespace, escapes, non-ASCII, a number that is not a plain non-negative integer,
 * a price or size the grid does not take) makes scan() return false having kept nothing, and
 * the reader decodes the line with JSON.parse, which accepts it or names what is wrong.
 */
export class HlBookScan {
  buf: Buffer = Buffer.alloc(0);
  coinStart = 0;
  coinEnd = 0;
  /** The book's time, ms since the epoch. */
  time = 0;
  /** Levels with a size, best first as written, in ticks and lots. */
  readonly bidPx: number[] = [];
  readonly bidQty: number[] = [];
  readonly askPx: number[] = [];
  readonly askQty: number[] = [];

  /** Scans the JSON in b[from, to); true when it is an l2Book message of the plain shape. */
  scan(b: Buffer, from: number, to: number, tick: DecimalStep, lot: DecimalStep): boolean {
    this.bidPx.length = this.bidQty.length = this.askPx.length = this.askQty.length = 0;
    this.tick = tick;
    this.lot = lot;
    return this.walk(b, from, to, this.convert);
  }

  /**
   * For the instrument survey: true when b[from, to) is an l2Book message of the plain shape,
   * having shown `visit` every level (all but the last levels' when false), its price in
   * `px` and its size in `sz`, each read in the same walk that validated it. Every "px" and
   * "sz" of such a line is a level's, so the survey learns from one pass what a search of the
   * line for those keys finds (two hundred native searches a line).
   */
  levels(b: Buffer, from: number, to: number, visit: LevelVisitor): boolean {
    return this.walk(b, from, to, visit);
  }

  /** The price and the size of the level being visited. */
  readonly px = new DecimalString();
  readonly sz = new DecimalString();
  /** The side of the level being visited. */
  isBid = true;

  private tick: DecimalStep | undefined;
  private lot: DecimalStep | undefined;

  /** A level into ticks and lots; false when the grid does not take it. */
  private readonly convert = (b: Buffer): boolean => {
    const q = this.sz.steps(b, this.lot!);
    if (Number.isNaN(q)) return false;
    if (q === 0) return true;
    const p = this.px.steps(b, this.tick!);
    if (Number.isNaN(p)) return false;
    (this.isBid ? this.bidPx : this.askPx).push(p);
    (this.isBid ? this.bidQty : this.askQty).push(q);
    return true;
  };

  private walk(b: Buffer, from: number, to: number, level: LevelVisitor): boolean {
    if (!startsWith(b, from, to, PREFIX)) return false;
    const coinStart = from + PREFIX.length;
    const coinEnd = plainStringEnd(b, coinStart, to);
    if (coinEnd < 0 || !startsWith(b, coinEnd, to, LEVELS)) return false;
    this.isBid = true;
    let i = this.side(b, coinEnd + LEVELS.length, to, level);
    if (i < 0 || b[i] !== 44 /* , */) return false;
    this.isBid = false;
    i = this.side(b, i + 1, to, level);
    if (i < 0 || !startsWith(b, i, to, TIME)) return false;
    i += TIME.length;
    const timeEnd = plainInt(b, i, to);
    if (timeEnd < 0 || timeEnd + 2 !== to || b[timeEnd] !== 125 /* } */ || b[timeEnd + 1] !== 125) return false;
    let time = 0;
    for (let k = i; k < timeEnd; k++) time = time * 10 + (b[k] - 48);
    this.time = time;
    this.buf = b;
    this.coinStart = coinStart;
    this.coinEnd = coinEnd;
    return true;
  }

  /** The coin as written, upper case (as the reader compares symbols). */
  coin(): string {
    return this.buf.toString('latin1', this.coinStart, this.coinEnd).toUpperCase();
  }

  /** `[]` or `[level,...]` from b[i]; the index after it, or -1. */
  private side(b: Buffer, i: number, to: number, level: LevelVisitor): number {
    if (b[i] !== 91 /* [ */) return -1;
    i++;
    if (b[i] === 93 /* ] */) return i + 1;
    for (;;) {
      // The keys are compared byte by byte in line: every step after one bounds itself by `to`.
      // {"n":
      if (b[i] !== 123 || b[i + 1] !== 34 || b[i + 2] !== 110 || b[i + 3] !== 34 || b[i + 4] !== 58) return -1;
      i = plainInt(b, i + 5, to);
      // ,"px":"
      if (i < 0 || b[i] !== 44 || b[i + 1] !== 34 || b[i + 2] !== 112 || b[i + 3] !== 120 || b[i + 4] !== 34 || b[i + 5] !== 58 || b[i + 6] !== 34) return -1;
      const pe = this.px.read(b, i + 7, to);
      // ","sz":"
      if (pe < 0 || b[pe + 1] !== 44 || b[pe + 2] !== 34 || b[pe + 3] !== 115 || b[pe + 4] !== 122 || b[pe + 5] !== 34 || b[pe + 6] !== 58 || b[pe + 7] !== 34) return -1;
      const qe = this.sz.read(b, pe + 8, to);
      if (qe < 0 || b[qe + 1] !== 125 /* } */ || !level(b)) return -1;
      i = qe + 2;
      const c = b[i];
      if (c === 93 /* ] */) return i + 1;
      if (c !== 44 /* , */) return -1;
      i++;
    }
  }
}

/** Takes the level in HlBookScan's px, sz and isBid; false rejects the line. */
export type LevelVisitor = (b: Buffer) => boolean;
/** The end of a JSON non-negative integer of at most 15 digits starting at b[i], or -1. */
function plainInt(b: Buffer, i: number, to: number): number {
  const start = i;
  while (i < to && b[i] >= 48 && b[i] <= 57) i++;
  const n = i - start;
  if (n === 0 || n > MAX_INT_DIGITS || (n > 1 && b[start] === 48)) return -1;
  // A fraction or exponent would make it another number.
  const c = b[i];
  if (c === 46 /* . */ || c === 101 /* e */ || c === 69 /* E */) return -1;
  return i;
}
