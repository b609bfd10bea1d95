import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { EventKind, Side } from '../../engine/model/events.js';
import type { DecimalString } from './decimal-string.js';
import type { PassEvents } from './pass-events.js';

/**
 * The Hyperliquid l2Book lines of a kept text (and its first trades line), as the instrument
 * survey read them: per line its time, where its coin is, and the price and size of every
 * level with a size, as exact integers and scales. The tick and lot sizes are known only once the survey has read every
 * line, so it cannot convert the levels itself; keeping them lets the first pass convert each
 * with one multiplication instead of walking the line's 2 KB a second time (the two walks were
 * about a third of reading a recording).
 *
 * Valid only for the very bytes the survey read, so only with the kept text. A line is on the
 * tape only when the survey's walk took it whole (see HlBookScan) and every value the pass
 * converts is plain (see DecimalString); anything else, and any level the grid does not take
 * exactly, leaves the line to the pass's own scan, which decides or names the fault as before.
 * Memory: about 18 bytes per level against the ~40 bytes of text a level takes.
 */
export class HlBookTape {
  // Per line on the tape, in line order.
  private lineNo = new Int32Array(64);
  private lineTime = new Float64Array(64);
  private lineCoinAt = new Int32Array(64);
  private lineCoinEnd = new Int32Array(64);
  private bids = new Int32Array(64);
  private asks = new Int32Array(64);
  /** The finest scale and the most integer digits of the values the pass converts. */
  private pxScale = new Uint8Array(64);
  private pxInts = new Uint8Array(64);
  private szScale = new Uint8Array(64);
  private szInts = new Uint8Array(64);
  private lines = 0;
  // Per level with a size, in line order.
  private pxMant = new Float64Array(1024);
  private szMant = new Float64Array(1024);
  private pxLevelScale = new Uint8Array(1024);
  private szLevelScale = new Uint8Array(1024);
  private levels = 0;

  // The line being written.
  private lineLevels = 0;
  private lineBids = 0;
  private refused = false;
  private maxPxScale = 0;
  private maxPxInts = 0;
  private maxSzScale = 0;
  private maxSzInts = 0;

  // Reading: the next line on the tape, and where its levels start.
  private nextEntry = 0;
  private nextLevel = 0;

  /**
   * The first trades line the survey walked whole (see HlTradesScan), and its trades: if it is
   * the session's first trades line, the pass only counts them (the subscription's catch-up)
   * and need not walk it again. 0 when none.
   */
  catchUpLine = 0;
  catchUpTrades = 0;

  /** A trades line of `count` trades was walked whole. */
  trades(line: number, count: number): void {
    if (this.catchUpLine !== 0) return;
    this.catchUpLine = line;
    this.catchUpTrades = count;
  }

  /** A line begins: its levels come through level(), then commit() when the line was taken whole. */
  begin(): void {
    this.lineLevels = 0;
    this.lineBids = 0;
    this.refused = false;
    this.maxPxScale = this.maxPxInts = this.maxSzScale = this.maxSzInts = 0;
  }

  /** One level of the line, its price and size as just read. */
  level(isBid: boolean, px: DecimalString, sz: DecimalString): void {
    if (this.refused) return;
    // Every size is converted, the price only of a level with a size (as the pass does).
    if (!sz.plain || sz.scale > 15 || sz.ints > 15) {
      this.refused = true;
      return;
    }
    if (sz.scale > this.maxSzScale) this.maxSzScale = sz.scale;
    if (sz.ints > this.maxSzInts) this.maxSzInts = sz.ints;
    if (sz.mant === 0) return;
    if (!px.plain || px.scale > 15 || px.ints > 15) {
      this.refused = true;
      return;
    }
    if (px.scale > this.maxPxScale) this.maxPxScale = px.scale;
    if (px.ints > this.maxPxInts) this.maxPxInts = px.ints;
    const k = this.levels + this.lineLevels;
    if (k >= this.pxMant.length) this.growLevels();
    this.pxMant[k] = px.mant;
    this.szMant[k] = sz.mant;
    this.pxLevelScale[k] = px.scale;
    this.szLevelScale[k] = sz.scale;
    this.lineLevels++;
    if (isBid) this.lineBids++;
  }

  /** The line was taken whole: it goes on the tape under `line`, its coin at json[coinAt, coinEnd). */
  commit(line: number, time: number, coinAt: number, coinEnd: number): void {
    if (this.refused) return;
    const e = this.lines;
    if (e >= this.lineNo.length) this.growLines();
    this.lineNo[e] = line;
    this.lineTime[e] = time;
    this.lineCoinAt[e] = coinAt;
    this.lineCoinEnd[e] = coinEnd;
    this.bids[e] = this.lineBids;
    this.asks[e] = this.lineLevels - this.lineBids;
    this.pxScale[e] = this.maxPxScale;
    this.pxInts[e] = this.maxPxInts;
    this.szScale[e] = this.maxSzScale;
    this.szInts[e] = this.maxSzInts;
    this.levels += this.lineLevels;
    this.lines = e + 1;
  }

  /** The number of the next line on the tape (lines are read in order), or 0 past the last. */
  get nextLine(): number {
    return this.nextEntry < this.lines ? this.lineNo[this.nextEntry] : 0;
  }

  /** The line taken last by take(): its time (ms) and coin, its JSON starting at b[json]. */
  time = 0;
  coinStart = 0;
  coinEnd = 0;
  private at = 0;
  private bidCount = 0;
  private count = 0;

  /**
   * Takes the next line on the tape, its JSON starting at json in the text: true when its levels
   * convert exactly to `tick` and `lot` (emit() then gives them); false, the line to be scanned
   * instead, when a value is not on their grid or has more digits at their scale than
   * bytesToSteps takes. Either way the line is used up.
   */
  take(json: number, tick: DecimalStep, lot: DecimalStep): boolean {
    const e = this.nextEntry++;
    const k = this.nextLevel;
    this.at = k;
    this.bidCount = this.bids[e];
    this.count = this.bidCount + this.asks[e];
    this.nextLevel = k + this.count;
    this.time = this.lineTime[e];
    this.coinStart = json + this.lineCoinAt[e];
    this.coinEnd = json + this.lineCoinEnd[e];
    const ts = tick.scale;
    const ls = lot.scale;
    // A grid of several units (never the survey's) is left to the scan.
    if (tick.units !== 1 || lot.units !== 1) return false;
    return !(this.pxScale[e] > ts || this.pxInts[e] + ts > 15 || this.szScale[e] > ls || this.szInts[e] + ls > 15);
  }

  /** The levels of the line taken, in ticks and lots, best first, bids then asks, as Level events. */
  emit(ev: PassEvents, tsExch: bigint, tick: DecimalStep, lot: DecimalStep): void {
    const ts = tick.scale;
    const ls = lot.scale;
    const { pxMant, szMant, pxLevelScale, szLevelScale } = this;
    const end = this.at + this.count;
    const asksAt = this.at + this.bidCount;
    // Every value is on the grid and below 10^15 at its scale (take() checked the line): the
    // products are exact integers, what bytesToSteps gives.
    for (let k = this.at; k < end; k++) {
      ev.push(EventKind.Level, k < asksAt ? Side.Bid : Side.Ask, pxMant[k] * POW10[ts - pxLevelScale[k]], szMant[k] * POW10[ls - szLevelScale[k]], tsExch);
    }
  }

  private growLines(): void {
    const n = this.lineNo.length * 2;
    this.lineNo = grown(this.lineNo, new Int32Array(n));
    this.lineTime = grown(this.lineTime, new Float64Array(n));
    this.lineCoinAt = grown(this.lineCoinAt, new Int32Array(n));
    this.lineCoinEnd = grown(this.lineCoinEnd, new Int32Array(n));
    this.bids = grown(this.bids, new Int32Array(n));
    this.asks = grown(this.asks, new Int32Array(n));
    this.pxScale = grown(this.pxScale, new Uint8Array(n));
    this.pxInts = grown(this.pxInts, new Uint8Array(n));
    this.szScale = grown(this.szScale, new Uint8Array(n));
    this.szInts = grown(this.szInts, new Uint8Array(n));
  }

  private growLevels(): void {
    const n = this.pxMant.length * 2;
    this.pxMant = grown(this.pxMant, new Float64Array(n));
    this.szMant = grown(this.szMant, new Float64Array(n));
    this.pxLevelScale = grown(this.pxLevelScale, new Uint8Array(n));
    this.szLevelScale = grown(this.szLevelScale, new Uint8Array(n));
  }
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
