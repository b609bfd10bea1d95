import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { Side } from '../../engine/model/events.js';
import { DecimalString } from './decimal-string.js';
import { plainStringEnd, startsWith } from './json-bytes.js';

const PREFIX = Buffer.from('{"channel":"trades","data":[', 'latin1');
/** The keys of a trade, in the order the collector writes them, each with what precedes it. */
const COIN = Buffer.from('{"coin":"', 'latin1');
const HASH = Buffer.from('","hash":"', 'latin1');
const PX = Buffer.from('","px":"', 'latin1');
const SIDE = Buffer.from('","side":"', 'latin1');
const SZ = Buffer.from('","sz":"', 'latin1');
const TID = Buffer.from('","tid":', 'latin1');
const TIME = Buffer.from(',"time":', 'latin1');
const USERS = Buffer.from(',"users":[', 'latin1');
const QUOTE = 34;
/** More digits than this may not be a safe integer (2^53 has 16). */
const MAX_TIME_DIGITS = 15;

/** Takes the trade in HlTradesScan's fields; false rejects the line. */
export type TradeVisitor = (b: Buffer) => boolean;

/**
 * A hand scanner for Hyperliquid's trades channel message in the one shape the collector
 * writes it, `{"channel":"trades","data":[{"coin":"BTC","hash":"0x…","px":"105056.0",
 * "side":"B","sz":"0.00219","tid":121451470284048,"time":1737918794873,"users":["0x…","0x…"]},
 * …]}`: it validates all of the line and shows each trade to a visitor, with its price and
 * size read in the same walk (DecimalString). JSON.parse of these lines, an object and five
 * strings a trade, was the largest cost of a recording after its book lines.
 *
 * Anything outside that exact shape (other keys or key order, whitespace, escapes, non-ASCII,
 * a time that is not a plain integer of at most 15 digits) makes walk() return false, and the
 * reader decodes the line with JSON.parse, which accepts it or names what is wrong. Every
 * "px" and "sz" of such a line is a trade's.
 */
export class HlTradesScan {
  readonly px = new DecimalString();
  readonly sz = new DecimalString();
  /** The trade being visited: its coin and side at b[start, end), its time in ms. */
  coinStart = 0;
  coinEnd = 0;
  sideStart = 0;
  sideEnd = 0;
  time = 0;
  /** Trades in the line last walked whole. */
  count = 0;

  /** True when b[from, to) is a trades message of the plain shape whose every trade `visit` took. */
  walk(b: Buffer, from: number, to: number, visit: TradeVisitor): boolean {
    if (!startsWith(b, from, to, PREFIX)) return false;
    let i = from + PREFIX.length;
    let n = 0;
    if (b[i] !== 93 /* ] */) {
      for (;;) {
        i = this.trade(b, i, to);
        if (i < 0 || !visit(b)) return false;
        n++;
        const c = i < to ? b[i] : -1;
        if (c === 93) break;
        if (c !== 44 /* , */) return false;
        i++;
      }
    }
    if (i + 2 !== to || b[i + 1] !== 125 /* } */) return false;
    this.count = n;
    return true;
  }

  /** One trade object from b[i]; the index after it, or -1. */
  private trade(b: Buffer, i: number, to: number): number {
    if (!startsWith(b, i, to, COIN)) return -1;
    this.coinStart = i + COIN.length;
    i = plainStringEnd(b, this.coinStart, to);
    if (i < 0) return -1;
    this.coinEnd = i;
    if (!startsWith(b, i, to, HASH)) return -1;
    i = plainStringEnd(b, i + HASH.length, to);
    if (i < 0 || !startsWith(b, i, to, PX)) return -1;
    i = this.px.read(b, i + PX.length, to);
    if (i < 0 || !startsWith(b, i, to, SIDE)) return -1;
    this.sideStart = i + SIDE.length;
    i = plainStringEnd(b, this.sideStart, to);
    if (i < 0) return -1;
    this.sideEnd = i;
    if (!startsWith(b, i, to, SZ)) return -1;
    i = this.sz.read(b, i + SZ.length, to);
    if (i < 0 || !startsWith(b, i, to, TID)) return -1;
    i = jsonInteger(b, i + TID.length, to, Infinity);
    if (i < 0 || !startsWith(b, i, to, TIME)) return -1;
    const timeStart = i + TIME.length;
    i = jsonInteger(b, timeStart, to, MAX_TIME_DIGITS);
    if (i < 0 || !startsWith(b, i, to, USERS)) return -1;
    let time = 0;
    for (let k = timeStart; k < i; k++) time = time * 10 + (b[k] - 48);
    this.time = time;
    i += USERS.length;
    if (i >= to) return -1;
    if (b[i] !== 93 /* ] */) {
      for (;;) {
        if (b[i] !== QUOTE) return -1;
        i = plainStringEnd(b, i + 1, to) + 1;
        if (i <= 0 || i >= to) return -1;
        if (b[i] === 93) break;
        if (b[i] !== 44 /* , */) return -1;
        i++;
      }
    }
    if (i + 1 >= to || b[i + 1] !== 125 /* } */) return -1;
    return i + 2;
  }

  /** The side of the trade being visited: Bid for "B" (the buyer took), Ask for "A", None otherwise. */
  side(b: Buffer): Side {
    if (this.sideEnd - this.sideStart !== 1) return Side.None;
    const c = b[this.sideStart];
    return c === 66 /* B */ ? Side.Bid : c === 65 /* A */ ? Side.Ask : Side.None;
  }

  /** The coin of the trade being visited is `symbol` once upper-cased (as the reader compares it). */
  coinIs(b: Buffer, symbol: string): boolean {
    const s = this.coinStart;
    if (this.coinEnd - s !== symbol.length) return false;
    for (let k = 0; k < symbol.length; k++) {
      let c = b[s + k];
      if (c >= 97 && c <= 122) c -= 32; // a coin is printable ASCII here: upper case is this
      if (c !== symbol.charCodeAt(k)) return false;
    }
    return true;
  }
}

/**
 * The live trades of one trades line, validated and converted by HlTradesScan: what the reader
 * emits for the line, or nothing at all (the line then goes the JSON.parse way, which emits or
 * reports it as before).
 */
export class HlTradeLine {
  readonly scan = new HlTradesScan();
  readonly price: number[] = [];
  readonly qty: number[] = [];
  readonly side: Side[] = [];
  readonly time: number[] = [];
  private tick: DecimalStep | undefined;
  private lot: DecimalStep | undefined;
  private symbol: string | undefined;

  /** Every trade of the line as the reader emits it: on the grid, of `symbol`, of side B or A. */
  private readonly take = (b: Buffer): boolean => {
    const s = this.scan;
    if (this.symbol === undefined) this.symbol = b.toString('latin1', s.coinStart, s.coinEnd).toUpperCase();
    else if (!s.coinIs(b, this.symbol)) return false;
    const side = s.side(b);
    if (side === Side.None) return false;
    const price = s.px.steps(b, this.tick!);
    const qty = s.sz.steps(b, this.lot!);
    if (Number.isNaN(price) || Number.isNaN(qty)) return false;
    this.price.push(price);
    this.qty.push(qty);
    this.side.push(side);
    this.time.push(s.time);
    return true;
  };
  private readonly count = (): boolean => true;

  /**
   * Reads the trades line b[from, to): true when it has the plain shape and, unless it is
   * `catchUp` (only counted), every trade is one the reader emits as it stands. `symbol` is the
   * session's, or undefined before any line named one: the line's first coin then is (symbol()).
   */
  read(b: Buffer, from: number, to: number, tick: DecimalStep, lot: DecimalStep, symbol: string | undefined, catchUp: boolean): boolean {
    this.price.length = this.qty.length = this.side.length = this.time.length = 0;
    this.tick = tick;
    this.lot = lot;
    this.symbol = symbol;
    return this.scan.walk(b, from, to, catchUp ? this.count : this.take);
  }

  /** Trades in the line last read. */
  get trades(): number {
    return this.scan.count;
  }

  /** The session's symbol after the line: the first trade's coin when none was known. */
  get sessionSymbol(): string | undefined {
    return this.symbol;
  }
}

/**
 * The end of the digits of a JSON non-negative integer of at most `max` digits at b[i], or -1.
 * (A fraction or exponent after them is refused by the caller, which expects a comma there.)
 */
function jsonInteger(b: Buffer, i: number, to: number, max: number): number {
  const start = i;
  while (i < to && b[i] >= 48 && b[i] <= 57) i++;
  const n = i - start;
  if (n === 0 || n > max || (n > 1 && b[start] === 48)) return -1;
  return i;
}
