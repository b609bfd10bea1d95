/**
 * A cheap first pass over a recording that learns what the reader cannot know up front: the
 * symbol, the venue, and the finest decimal place any price or size uses (the tick and lot
 * sizes). It scans the bytes for the quoted decimals only, without parsing JSON or decoding text.
 */
import { F, FlatScan, plainTicker, V, type PairsReader } from './flat-scan.js';
import type { TickerTape } from './ticker-tape.js';
import { HlBookScan } from './hl-book-scan.js';
import { bytesAre } from '../byte-fields.js';
import { HlTradesScan } from './hl-trades-scan.js';
import type { HlBookTape } from './hl-book-tape.js';

export type VenueKind = 'spot' | 'usdm' | 'coinm' | 'hyperliquid';

export interface Survey {
  /** As written in the data ("s" field, or the Hyperliquid coin), upper case. */
  symbol: string | undefined;
  venue: VenueKind | undefined;
  /** Decimal places of the finest non-zero price / size seen; -1 when none was seen. */
  priceScale: number;
  qtyScale: number;
}

const enc = (text: string): Buffer => Buffer.from(text, 'latin1');
const STREAM = enc('{"stream":"');
const CHANNEL = enc('{"channel":"');
const PU = enc('"pu":');
const LAST_UPDATE_ID = enc('"lastUpdateId"');
const E_KEY = enc('"E":');
const PAIRS = enc('[["');
const KEY = { coin: enc('"coin":"'), px: enc('"px":"'), sz: enc('"sz":"') };
const MARKET = enc('MARKET');
const QUOTE = 34;
const DEPTH = enc('depth');
const BOOK_TICKER = enc('bookTicker');
const TRADE = enc('trade');

/**
 * Scans the raw bytes of each line: no UTF-8 decoding, no line strings, searches with the
 * native Buffer.indexOf. Every key and value it looks at is ASCII, so bytes and characters agree.
 */
export class SurveyScanner implements PairsReader {
  /** Reads the common lines; their depth arrays come to pairs() as it goes. */
  private readonly flat = new FlatScan(this);
  /** Per slot (F.b, F.a): the finest price and size of its array in the line being scanned. */
  private readonly linePrice = new Int32Array(2);
  private readonly lineQty = new Int32Array(2);
  symbol: string | undefined;
  /** Futures diffs carry pu, futures snapshots E; spot ones neither. */
  sawFutures = false;
  sawSpot = false;
  sawHyperliquid = false;
  priceScale = -1;
  qtyScale = -1;
  private readonly hlBook = new HlBookScan();
  private readonly hlTrades = new HlTradesScan();
  private readonly noteTrade = (): boolean => {
    const { px, sz } = this.hlTrades;
    if (px.places > this.priceScale) this.priceScale = px.places;
    if (sz.places > this.qtyScale) this.qtyScale = sz.places;
    return true;
  };
  /** Where the l2Book lines of the line being scanned go, when its text is kept. */
  private books: HlBookTape | undefined;
  private readonly noteLevel = (): boolean => {
    const { px, sz } = this.hlBook;
    if (px.places > this.priceScale) this.priceScale = px.places;
    if (sz.places > this.qtyScale) this.qtyScale = sz.places;
    this.books?.level(this.hlBook.isBid, px, sz);
    return true;
  };

  /**
   * Feeds the JSON of one line, b[start, end); a plain bookTicker line (see plainTicker) is
   * marked on `tape`, a plain Hyperliquid l2Book line put on `books`, under `line`, when given.
   */
  line(b: Buffer, start: number, end: number, tape?: TickerTape, line = 0, books?: HlBookTape): void {
    const f = this.flat;
    if (!f.scan(b, start, end)) {
      this.books = books;
      this.scan(b.subarray(start, end), line);
      this.books = undefined;
      return;
    }
    this.scanFlat(f);
    if (tape !== undefined && plainTicker(f)) tape.mark(line, f.start[F.s] - start, f.end[F.s] - f.start[F.s]);
  }

  /**
   * A line FlatScan has read (the common lines): the values come from its slots, and the depth
   * arrays' decimal places from pairs(), so the line is not searched again.
   */
  private scanFlat(f: FlatScan): void {
    const b = f.buf;
    // The symbol is the stream name's part before "@"; a name without one says nothing.
    if (f.kindStart === f.streamStart) return;
    if (this.symbol === undefined) this.symbol = b.toString('latin1', f.streamStart, f.kindStart - 1).toUpperCase();
    const t = f.type;
    if (f.kindStartsWith(DEPTH)) {
      if (t[F.pu] !== V.None) this.sawFutures = true;
      else this.sawSpot = true;
      // FlatScan handed every array of b and a in this depth line to pairs(): the last of each
      // is the slot's, as when the slots alone were walked.
      if (t[F.b] === V.Pairs) this.notePairs(0);
      if (t[F.a] === V.Pairs) this.notePairs(1);
    } else if (f.kindIs(BOOK_TICKER)) {
      if (t[F.b] === V.Str) this.note(b, f.start[F.b], f.end[F.b], true);
      if (t[F.B] === V.Str) this.note(b, f.start[F.B], f.end[F.B], false);
      if (t[F.a] === V.Str) this.note(b, f.start[F.a], f.end[F.a], true);
      if (t[F.A] === V.Str) this.note(b, f.start[F.A], f.end[F.A], false);
    } else if (f.kindIs(TRADE)) {
      if (t[F.X] === V.Str && !bytesAre(b, f.start[F.X], f.end[F.X], MARKET)) return; // not a print the reader emits
      if (t[F.p] === V.Str) this.note(b, f.start[F.p], f.end[F.p], true);
      if (t[F.q] === V.Str) this.note(b, f.start[F.q], f.end[F.q], false);
    }
  }

  private notePairs(k: number): void {
    if (this.linePrice[k] > this.priceScale) this.priceScale = this.linePrice[k];
    if (this.lineQty[k] > this.qtyScale) this.qtyScale = this.lineQty[k];
  }

  /**
   * `[]` or `[["p","q"],...]` at b[i], for FlatScan: validated as its endOfPairs does (strings
   * without backslash, control or non-ASCII bytes), with the finest decimal places of the prices
   * and sizes noted for the slot in the same walk. The index after the array, or -1.
   */
  pairs(b: Buffer, i: number, to: number, slot: number): number {
    let price = -1;
    let qty = -1;
    i++;
    if (b[i] !== 93 /* ] */) {
      for (;;) {
        if (b[i] !== 91 /* [ */ || b[i + 1] !== QUOTE) return -1;
        const p = placesInString(b, i + 2, to);
        if (p < 0 || b[p + 1] !== 44 /* , */ || b[p + 2] !== QUOTE) return -1;
        if (places > price) price = places;
        const q = placesInString(b, p + 3, to);
        if (q < 0 || b[q + 1] !== 93) return -1;
        if (places > qty) qty = places;
        i = q + 2;
        const c = b[i];
        if (c === 93) break;
        if (c !== 44) return -1;
        i++;
      }
    }
    const k = slot === F.b ? 0 : 1;
    this.linePrice[k] = price;
    this.lineQty[k] = qty;
    return i + 1;
  }

  /** Feeds the JSON part of one line, as bytes. */
  scan(json: Buffer, line = 0): void {
    if (startsWith(json, STREAM)) {
      const end = json.indexOf(QUOTE, 11);
      if (end < 0) return;
      const at = json.indexOf(64 /* @ */, 11);
      if (at < 0 || at > end) return;
      if (this.symbol === undefined) this.symbol = json.toString('latin1', 11, at).toUpperCase();
      const kind = json.subarray(at + 1, end);
      if (kind.length >= 5 && kind.toString('latin1', 0, 5) === 'depth') {
        if (json.indexOf(PU, end) >= 0) this.sawFutures = true;
        else this.sawSpot = true;
        this.scanPairs(json, end);
      } else if (kind.length === 10 && kind.toString('latin1') === 'bookTicker') {
        this.value(json, 98 /* b */, end, true);
        this.value(json, 66 /* B */, end, false);
        this.value(json, 97 /* a */, end, true);
        this.value(json, 65 /* A */, end, false);
      } else if (kind.length === 5 && kind.toString('latin1') === 'trade') {
        const x = findShortKey(json, 88 /* X */, end);
        if (x >= 0) {
          const s = x + 5;
          const e = json.indexOf(QUOTE, s);
          if (e - s !== MARKET.length || json.compare(MARKET, 0, MARKET.length, s, e) !== 0) return; // not a print the reader emits
        }
        this.value(json, 112 /* p */, end, true);
        this.value(json, 113 /* q */, end, false);
      }
    } else if (startsWith(json, CHANNEL)) {
      this.sawHyperliquid = true;
      if (this.symbol === undefined) {
        const i = json.indexOf(KEY.coin);
        if (i >= 0) {
          const s = i + KEY.coin.length;
          const e = json.indexOf(QUOTE, s);
          if (e >= 0) this.symbol = json.toString('utf8', s, e).toUpperCase();
        }
      }
      const h = this.hlBook;
      this.books?.begin();
      if (h.levels(json, 0, json.length, this.noteLevel)) {
        this.books?.commit(line, h.time, h.coinStart, h.coinEnd);
        return;
      }
      if (this.hlTrades.walk(json, 0, json.length, this.noteTrade)) {
        this.books?.trades(line, this.hlTrades.count);
        return;
      }
      this.scanKeyed(json, KEY.px, true);
      this.scanKeyed(json, KEY.sz, false);
    } else if (json.indexOf(LAST_UPDATE_ID) >= 0) {
      const e = json.indexOf(E_KEY);
      if (e >= 0 && json[e + E_KEY.length] >= 48 && json[e + E_KEY.length] <= 57) this.sawFutures = true;
      this.scanPairs(json, 0);
    }
  }

  result(): Survey {
    let venue: VenueKind | undefined;
    if (this.sawHyperliquid) venue = 'hyperliquid';
    else if (this.sawFutures) venue = this.symbol?.includes('_') ? 'coinm' : 'usdm';
    else if (this.sawSpot) venue = 'spot';
    return { symbol: this.symbol, venue, priceScale: this.priceScale, qtyScale: this.qtyScale };
  }

  /**
   * Depth arrays: in ["price","qty"] a price follows "[" and a size follows ",". Quoted strings
   * are walked in order with a byte loop (a native indexOf per quote costs more than it saves).
   */
  private scanPairs(json: Buffer, from: number): void {
    const n = json.length;
    for (let i = json.indexOf(PAIRS, from); i >= 0 && i < n; i++) {
      if (json[i] !== QUOTE) continue;
      const prev = json[i - 1];
      const isPrice = prev === 91; /* [ */
      const isQty = prev === 44 /* , */ && json[i - 2] === QUOTE;
      let j = i + 1;
      if (isPrice || isQty) {
        while (j < n && json[j] !== QUOTE) j++;
        if (j >= n) return;
        const s = decimalPlacesIn(json, i + 1, j);
        if (isPrice) {
          if (s > this.priceScale) this.priceScale = s;
        } else if (s > this.qtyScale) this.qtyScale = s;
      } else {
        while (j < n && json[j] !== QUOTE) j++;
      }
      i = j; // the closing quote
    }
  }

  private scanKeyed(json: Buffer, key: Buffer, isPrice: boolean): void {
    let i = json.indexOf(key);
    while (i >= 0) {
      const start = i + key.length;
      const end = json.indexOf(QUOTE, start);
      if (end < 0) return;
      this.note(json, start, end, isPrice);
      i = json.indexOf(key, end);
    }
  }

  /** The quoted value of the first one-letter key ("b":"...) at or past `from`. */
  private value(json: Buffer, letter: number, from: number, isPrice: boolean): void {
    const i = findShortKey(json, letter, from);
    if (i < 0) return;
    const start = i + 5;
    let end = start;
    while (end < json.length && json[end] !== QUOTE) end++;
    if (end < json.length) this.note(json, start, end, isPrice);
  }

  note(json: Buffer, start: number, end: number, isPrice: boolean): void {
    const s = decimalPlacesIn(json, start, end);
    if (isPrice) {
      if (s > this.priceScale) this.priceScale = s;
    } else if (s > this.qtyScale) this.qtyScale = s;
  }
}

/**
 * Where `"<letter>":"` starts at or past `from`, or -1. A byte loop: these keys sit a few dozen
 * bytes in, where a native Buffer.indexOf call costs more than the search.
 */
function findShortKey(json: Buffer, letter: number, from: number): number {
  const last = json.length - 5;
  for (let i = from; i <= last; i++) {
    if (json[i] === QUOTE && json[i + 1] === letter && json[i + 2] === QUOTE && json[i + 3] === 58 /* : */ && json[i + 4] === QUOTE) return i;
  }
  return -1;
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return buf.length >= prefix.length && buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** Set by placesInString: decimalPlaces of the string it read. */
let places = -1;

/**
 * The index of the closing quote of the string starting at b[i], or -1 at a backslash, a
 * control or non-ASCII byte or the end, as FlatScan's endOfString; sets `places` to the
 * string's decimalPlaces (-1 for zero or anything but a plain decimal), in the same walk.
 */
function placesInString(b: Uint8Array, i: number, to: number): number {
  const start = i;
  let dot = -1;
  let plain = true;
  for (; i < to; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) continue; // a digit: nearly every byte, one test
    if (c === 46) {
      if (dot >= 0) plain = false;
      dot = i;
    } else if (c === QUOTE) break;
    else if (c === 92 || c < 32 || c > 126) return -1;
    else plain = false;
  }
  if (i >= to) return -1;
  // The last non-zero digit, found backwards past trailing zeros (and the point) once the end is known.
  let last = i - 1;
  while (last >= start && (b[last] === 48 || b[last] === 46)) last--;
  places = !plain || last < start ? -1 : dot < 0 || last < dot ? 0 : last - dot;
  return i;
}

/** decimalPlaces of the ASCII bytes buf[start, end). */
function decimalPlacesIn(buf: Buffer, start: number, end: number): number {
  let dot = -1;
  let lastNonZero = -1;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 46) {
      if (dot >= 0) return -1;
      dot = i;
    } else if (c >= 49 && c <= 57) lastNonZero = i;
    else if (c !== 48) return -1;
  }
  if (lastNonZero < 0) return -1;
  return dot < 0 || lastNonZero < dot ? 0 : lastNonZero - dot;
}

/**
 * Decimal places a number needs once trailing zeros are dropped: 2 for "61837.63000000",
 * 0 for "1001". -1 for zero (a zero says nothing about the grid) and for text that is not a
 * plain decimal (the reader reports that one with its line).
 */
export function decimalPlaces(text: string): number {
  let dot = -1;
  let lastNonZero = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0) return -1;
      dot = i;
    } else if (c >= 49 && c <= 57) lastNonZero = i;
    else if (c !== 48) return -1;
  }
  if (lastNonZero < 0) return -1;
  return dot < 0 || lastNonZero < dot ? 0 : lastNonZero - dot;
}

/** "0.01" for 2, "1" for 0. */
export function stepForScale(scale: number): string {
  return scale <= 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
}
