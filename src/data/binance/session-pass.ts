import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { priceToTicks, qtyToLots, type Instrument } from '../../engine/model/instrument.js';
import { localNsFromBytes, localTimestampNs } from './local-time.js';
import { ascii, bytesAre, bytesToSteps } from '../byte-fields.js';
import type { ByteLines } from '../byte-lines.js';
import { decodeMessage } from './messages.js';
import { DepthFeed } from './depth-feed.js';
import { F, FlatScan, plainTicker, V } from './flat-scan.js';
import { HlBookScan } from './hl-book-scan.js';
import type { HlBookTape } from './hl-book-tape.js';
import { HlTradeLine } from './hl-trades-scan.js';
import { PassEvents } from './pass-events.js';
import { symbolLength, symbolOffset, type TickerTape } from './ticker-tape.js';
import { newStats, type BinanceReadOptions } from './types.js';
import type { SyncLog } from '../sync-log.js';

const BOOK_TICKER = ascii('bookTicker');
const TRADE = ascii('trade');
const MARKET = ascii('MARKET');

/** Streams and channels known and deliberately not turned into events. */
const QUIET = /^(markPrice|subscriptionResponse|pong)/;

/**
 * The state of one pass over a session: lines in, events out. Snapshots and diffs go to the
 * DepthFeed, which keeps them in step by update id; trades, tickers and the Hyperliquid
 * channels are read here.
 */
export class SessionPass {
  readonly stats = newStats();
  private readonly ev = new PassEvents();
  private readonly depth: DepthFeed;
  private prevLocal = -1n;
  private unorderedSteps = 0;
  private symbol: string | undefined;
  private symbolBytes: Uint8Array | undefined;
  private sawHlTrades = false;
  private readonly flat: FlatScan;
  private readonly hlBook = new HlBookScan();
  private readonly hlTrades = new HlTradeLine();
  /** What the survey learnt of the lines of the file being read, when its text was kept. */
  tickers: TickerTape | undefined;
  books: HlBookTape | undefined;

  constructor(
    private readonly inst: Instrument,
    private readonly opts: BinanceReadOptions,
    private readonly warnings: string[],
    private readonly syncLog: SyncLog,
  ) {
    syncLog.lose(1, 'no book snapshot before it');
    this.depth = new DepthFeed(inst, this.ev, this.stats, warnings, syncLog, opts.onBookState);
    // Depth arrays are validated and converted in one walk, as FlatScan meets them.
    this.flat = new FlatScan(this.depth);
  }

  /** Records (lines, blank ones included) read so far in this pass. */
  get records(): number {
    return this.ev.record;
  }

  /** Events made and not yet taken. */
  get pending(): number {
    return this.ev.out.length;
  }

  take(): MarketEvent[] {
    return this.ev.take();
  }

  /**
   * Reads the lines the ByteLines hold in memory (the caller fills them) until at least
   * `batch` events are pending; true when it stopped for that, with lines left to read.
   */
  readHeld(file: string, lines: ByteLines, batch: number): boolean {
    const ev = this.ev;
    ev.file = file;
    while (ev.out.length < batch) {
      if (!lines.nextSync()) return false;
      ev.line = lines.line;
      ev.record++;
      if (lines.start === lines.end) continue;
      this.stats.records++;
      try {
        this.readBytes(lines.buf, lines.start, lines.end);
      } catch (err) {
        if (err instanceof ValueError) {
          // Time going back on a later file's first line: the files were given out of order.
          const hint = err.field === 'local_ts' && ev.line === 1 && ev.record > 1 ? 'give the files oldest first' : undefined;
          throw new InputError(file, ev.line, err.field, err.message, hint);
        }
        throw err;
      }
    }
    return true;
  }

  /**
   * One line from its bytes: the local time, then the JSON through FlatScan when it takes it.
   * Lines it does not take are decoded and read as text (JSON.parse), which reports any fault.
   */
  private readBytes(b: Buffer, start: number, end: number): void {
    let sp = start;
    while (sp < end && b[sp] !== 32 /* space */) sp++;
    const tsLocal = sp > start && sp < end ? localNsFromBytes(b, start, sp) : undefined;
    this.depth.beginLine();
    if (tsLocal === undefined) {
      this.readLine(b.toString('utf8', start, end));
      return;
    }
    const code = this.tickers?.at(this.ev.line) ?? 0;
    if (code !== 0 && this.opts.onBookTicker === undefined && this.readTicker(b, sp + 1 + symbolOffset(code), symbolLength(code), tsLocal)) return;
    const books = this.books;
    if (books !== undefined) {
      if (books.nextLine === this.ev.line && books.take(sp + 1, this.inst.tick, this.inst.lot)) {
        // An l2Book line the survey read whole: its levels, without walking the line again.
        this.setLocal(tsLocal);
        return this.readTapedBook(books, b);
      }
      if (books.catchUpLine === this.ev.line && !this.sawHlTrades) {
        // The session's first trades line, which the survey walked whole: only its trades are counted.
        this.setLocal(tsLocal);
        return this.catchUp(books.catchUpTrades);
      }
    }
    const flat = this.flat.scan(b, sp + 1, end);
    this.setLocal(tsLocal);
    if (flat && this.readFlat()) return;
    this.depth.dropLine();
    if (!flat && this.hlBook.scan(b, sp + 1, end, this.inst.tick, this.inst.lot)) return this.readHlBook();
    if (!flat && this.hlTrades.read(b, sp + 1, end, this.inst.tick, this.inst.lot, this.symbol, !this.sawHlTrades)) return this.readHlTrades();
    this.readJson(b.toString('utf8', sp + 1, end));
  }

  private readLine(text: string): void {
    const sp = text.indexOf(' ');
    if (sp <= 0) throw new ValueError('local_ts', 'expected "<local timestamp> <json>"');
    this.setLocal(localTimestampNs(text.slice(0, sp)));
    this.readJson(text.slice(sp + 1));
  }

  /** The line's local time: checked against the line before's, stamped on its events. */
  private setLocal(tsLocal: bigint): void {
    if (tsLocal < this.prevLocal) this.unordered(tsLocal);
    this.prevLocal = tsLocal;
    this.ev.tsLocal = tsLocal;
  }

  private readJson(json: string): void {
    const ev = this.ev;
    const msg = decodeMessage(json);
    switch (msg.type) {
      case 'depth':
        this.checkSymbol(msg.symbol, 's');
        this.depth.textDiff(msg.first, msg.last, msg.prev, msg.eventTime, msg.bids, msg.asks);
        return;
      case 'snapshot':
        this.depth.snapshot(msg.lastUpdateId, msg.eventTime, msg.bids, msg.asks);
        return;
      case 'bookTicker': {
        this.checkSymbol(msg.symbol, 's');
        this.stats.bookTicker++;
        const cb = this.opts.onBookTicker;
        if (cb === undefined) return;
        cb({
          record: ev.record,
          file: ev.file,
          line: ev.line,
          updateId: msg.updateId,
          tsExch: msg.eventTime === undefined ? undefined : BigInt(msg.eventTime) * 1_000_000n,
          tsLocal: ev.tsLocal,
          bidPrice: priceToTicks(this.inst, msg.bidPrice, 'b'),
          bidQty: qtyToLots(this.inst, msg.bidQty, 'B'),
          askPrice: priceToTicks(this.inst, msg.askPrice, 'a'),
          askQty: qtyToLots(this.inst, msg.askQty, 'A'),
        });
        return;
      }
      case 'trade':
        this.checkSymbol(msg.symbol, 's');
        if (msg.execType !== undefined && msg.execType !== 'MARKET') {
          this.stats.tradesSkipped++;
          return;
        }
        this.stats.trades++;
        this.trade(msg.time, msg.price, msg.qty, msg.buyerIsMaker ? Side.Ask : Side.Bid, 'p', 'q');
        return;
      case 'hlBook':
        this.checkSymbol(msg.coin.toUpperCase(), 'coin');
        this.stats.hyperliquidBooks++;
        this.depth.fullBook(ev.exchNs(msg.time), msg.bids, msg.asks, 'px', 'sz');
        this.syncLog.regain(ev.record);
        return;
      case 'hlTrades':
        if (!this.sawHlTrades) return this.catchUp(msg.trades.length);
        for (const t of msg.trades) {
          this.checkSymbol(t.coin.toUpperCase(), 'coin');
          const side = t.side === 'B' ? Side.Bid : t.side === 'A' ? Side.Ask : undefined;
          if (side === undefined) throw new ValueError('side', `side must be "B" or "A", got "${t.side}"`);
          this.stats.hyperliquidTrades++;
          this.trade(t.time, t.price, t.qty, side, 'px', 'sz');
        }
        return;
      case 'other':
        this.stats.skipped[msg.name] = (this.stats.skipped[msg.name] ?? 0) + 1;
        return;
    }
  }

  /**
   * The fast path for the common lines, once FlatScan has validated their JSON. Returns false
   * when a field is missing or of the wrong type, leaving the line to the JSON.parse path,
   * which reports it.
   */
  private readFlat(): boolean {
    const f = this.flat;
    const t = f.type;
    const b = f.buf;
    if (f.depth) {
      if (t[F.s] !== V.Str || t[F.E] !== V.Int || t[F.U] !== V.Int || t[F.u] !== V.Int) return false;
      if (t[F.b] !== V.Pairs || t[F.a] !== V.Pairs || (t[F.pu] !== V.None && t[F.pu] !== V.Int)) return false;
      if (!this.sameSymbol()) return false;
      // FlatScan had the depth feed convert b and a as it read them (values off the grid, or
      // otherwise odd, made it give up: the JSON.parse way names them).
      this.depth.flatDiff(f.int[F.U], f.int[F.u], t[F.pu] === V.Int ? f.int[F.pu] : undefined, f.int[F.E]);
      return true;
    }
    if (f.kindIs(BOOK_TICKER)) {
      if (!plainTicker(f)) return false;
      if (!this.sameSymbol()) return false;
      const cb = this.opts.onBookTicker;
      if (cb === undefined) {
        this.stats.bookTicker++;
        return true;
      }
      const { tick, lot } = this.inst;
      const bidPrice = bytesToSteps(b, f.start[F.b], f.end[F.b], tick);
      const bidQty = bytesToSteps(b, f.start[F.B], f.end[F.B], lot);
      const askPrice = bytesToSteps(b, f.start[F.a], f.end[F.a], tick);
      const askQty = bytesToSteps(b, f.start[F.A], f.end[F.A], lot);
      if (Number.isNaN(bidPrice) || Number.isNaN(bidQty) || Number.isNaN(askPrice) || Number.isNaN(askQty)) return false;
      this.stats.bookTicker++;
      const ev = this.ev;
      cb({
        record: ev.record,
        file: ev.file,
        line: ev.line,
        updateId: f.int[F.u],
        tsExch: t[F.E] === V.Int ? BigInt(f.int[F.E]) * 1_000_000n : undefined,
        tsLocal: ev.tsLocal,
        bidPrice, bidQty, askPrice, askQty,
      });
      return true;
    }
    if (f.kindIs(TRADE)) {
      if (t[F.s] !== V.Str || t[F.T] !== V.Int || t[F.p] !== V.Str || t[F.q] !== V.Str) return false;
      if ((t[F.m] !== V.True && t[F.m] !== V.False) || (t[F.X] !== V.None && t[F.X] !== V.Str)) return false;
      if (!this.sameSymbol()) return false;
      if (t[F.X] === V.Str && !bytesAre(b, f.start[F.X], f.end[F.X], MARKET)) {
        this.stats.tradesSkipped++;
        return true;
      }
      const price = bytesToSteps(b, f.start[F.p], f.end[F.p], this.inst.tick);
      const qty = bytesToSteps(b, f.start[F.q], f.end[F.q], this.inst.lot);
      if (Number.isNaN(price) || Number.isNaN(qty)) return false;
      this.stats.trades++;
      this.ev.push(EventKind.Trade, t[F.m] === V.True ? Side.Ask : Side.Bid, price, qty, this.ev.exchNs(f.int[F.T]));
      return true;
    }
    const kind = f.streamKind();
    this.stats.skipped[kind] = (this.stats.skipped[kind] ?? 0) + 1;
    return true;
  }

  /**
   * A bookTicker line the survey found plain (see TickerTape), when nobody asked for tickers:
   * what readFlat does with it, without validating its JSON again. False for another symbol,
   * left to the full read, which reports it.
   */
  private readTicker(b: Buffer, s: number, length: number, tsLocal: bigint): boolean {
    if (this.symbol === undefined) this.symbol = b.toString('latin1', s, s + length);
    if (this.symbolBytes === undefined) this.symbolBytes = ascii(this.symbol);
    if (!bytesAre(b, s, s + length, this.symbolBytes)) return false;
    this.setLocal(tsLocal);
    this.stats.bookTicker++;
    return true;
  }

  /** A Hyperliquid l2Book line HlBookScan has read: as readJson takes it, in the same order. */
  private readHlBook(): void {
    const h = this.hlBook;
    const ev = this.ev;
    this.checkSymbol(h.coin(), 'coin');
    this.stats.hyperliquidBooks++;
    const tsExch = ev.exchNs(h.time);
    ev.push(EventKind.Clear, Side.None, 0, 0, tsExch);
    for (let i = 0; i < h.bidPx.length; i++) ev.push(EventKind.Level, Side.Bid, h.bidPx[i], h.bidQty[i], tsExch);
    for (let i = 0; i < h.askPx.length; i++) ev.push(EventKind.Level, Side.Ask, h.askPx[i], h.askQty[i], tsExch);
    this.syncLog.regain(ev.record);
  }

  /** An l2Book line on the survey's tape: as readHlBook takes it, in the same order. */
  private readTapedBook(books: HlBookTape, b: Buffer): void {
    const ev = this.ev;
    this.checkSymbol(b.toString('latin1', books.coinStart, books.coinEnd).toUpperCase(), 'coin');
    this.stats.hyperliquidBooks++;
    const tsExch = ev.exchNs(books.time);
    ev.push(EventKind.Clear, Side.None, 0, 0, tsExch);
    books.emit(ev, tsExch, this.inst.tick, this.inst.lot);
    this.syncLog.regain(ev.record);
  }

  /**
   * On subscribing, Hyperliquid first sends the latest trades, which happened before the
   * recording began: replaying them as if received now would invent prints.
   */
  private catchUp(trades: number): void {
    this.sawHlTrades = true;
    this.warn(`skipped ${trades} trades sent as the subscription's catch-up (they predate the recording)`);
  }

  /** A Hyperliquid trades line HlTradeLine has read: as readJson takes it, in the same order. */
  private readHlTrades(): void {
    const t = this.hlTrades;
    if (!this.sawHlTrades) return this.catchUp(t.trades);
    this.symbol = t.sessionSymbol;
    const ev = this.ev;
    for (let i = 0; i < t.price.length; i++) {
      this.stats.hyperliquidTrades++;
      ev.push(EventKind.Trade, t.side[i], t.price[i], t.qty[i], ev.exchNs(t.time[i]));
    }
  }

  /**
   * The line's symbol ("s") is the session's: compared as bytes with the first line's. False
   * for another symbol, which the JSON.parse way then reports.
   */
  private sameSymbol(): boolean {
    const f = this.flat;
    const s = f.start[F.s];
    const e = f.end[F.s];
    if (this.symbol === undefined) this.symbol = f.str(F.s)!;
    if (this.symbolBytes === undefined) this.symbolBytes = ascii(this.symbol);
    return bytesAre(f.buf, s, e, this.symbolBytes);
  }

  finish(): void {
    this.depth.finish();
    if (this.unorderedSteps > 0) {
      this.warnings.push(`local time went backwards ${this.unorderedSteps} times (allowed by the unordered option)`);
    }
    for (const [name, n] of Object.entries(this.stats.skipped)) {
      if (!QUIET.test(name)) this.warnings.push(`skipped ${n} messages of unknown stream or channel "${name}"`);
    }
    if (this.stats.depth > 0 && !this.depth.synced) {
      this.warnings.push(`no depth snapshot in the session: the book was never synchronised, ${this.stats.depth} depth updates unused`);
    }
  }

  private warn(text: string): void {
    this.warnings.push(`${this.ev.where}: ${text}`);
  }

  private unordered(ts: bigint): void {
    const back = this.prevLocal - ts;
    if (!this.opts.allowUnordered) {
      throw new ValueError('local_ts', `local time goes backwards by ${back} ns from the previous line`);
    }
    if (this.unorderedSteps++ < 10) this.warn(`local time goes backwards by ${back} ns`);
  }

  private checkSymbol(symbol: string, field: string): void {
    if (this.symbol === undefined) this.symbol = symbol;
    else if (symbol !== this.symbol) {
      throw new ValueError(field, `message for ${symbol} in a recording of ${this.symbol}: one symbol per session`);
    }
  }

  private trade(timeMs: number, price: string, qty: string, side: Side, priceField: string, qtyField: string): void {
    const tsExch = this.ev.exchNs(timeMs);
    this.ev.push(EventKind.Trade, side, priceToTicks(this.inst, price, priceField), qtyToLots(this.inst, qty, qtyField), tsExch);
  }
}
