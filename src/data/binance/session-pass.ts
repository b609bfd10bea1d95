import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { priceToTicks, qtyToLots, type Instrument } from '../../engine/model/instrument.js';
import { DepthSync } from './depth-sync.js';
import { LevelRing } from './level-ring.js';
import { localNsFromBytes, localTimestampNs } from './local-time.js';
import { ascii, bytesAre, bytesToSteps } from '../byte-fields.js';
import { bigIntFromHalves } from '../epoch-digits.js';
import type { ByteLines } from '../byte-lines.js';
import { decodeMessage, type TextLevel } from './messages.js';
import { F, FlatScan, V } from './flat-scan.js';
import { HlBookScan } from './hl-book-scan.js';
import { newStats, type BinanceReadOptions } from './types.js';
import type { SyncLog } from '../sync-log.js';

/**
 * A diff converted to ticks and lots when its line is read, so errors name that line. Its
 * levels are in the pass's LevelRing: `bids` of them from `at`, then `asks`.
 */
interface Diff {
  first: number;
  last: number;
  prev: number | undefined;
  tsExch: bigint;
  at: number;
  bids: number;
  asks: number;
  file: string;
  line: number;
  /** Set once its events were emitted, so a replay after a later snapshot is not counted twice. */
  applied: boolean;
}

const DEPTH = ascii('depth');
const BOOK_TICKER = ascii('bookTicker');
const TRADE = ascii('trade');
const MARKET = ascii('MARKET');

/** Streams and channels known and deliberately not turned into events. */
const QUIET = /^(markPrice|subscriptionResponse|pong)/;

/**
 * The state of one pass over a session: lines in, events out. Snapshots and diffs are synced by
 * update id (DepthSync); trades, tickers and the Hyperliquid channels are read on the way.
 */
export class SessionPass {
  readonly stats = newStats();
  out: MarketEvent[] = [];
  private emitted = 0;
  private record = 0;
  private prevLocal = -1n;
  private unorderedSteps = 0;
  private lastExch: bigint | undefined;
  private symbol: string | undefined;
  private symbolBytes: Uint8Array | undefined;
  private lastMs = -1;
  private lastMsNs = 0n;
  private sync: DepthSync<Diff> | undefined;
  private everSynced = false;
  private sawHlTrades = false;
  private readonly flat = new FlatScan();
  private readonly levels = new LevelRing();
  private readonly hlBook = new HlBookScan();
  // The line being read, for errors and event fields.
  private file = '';
  private line = 0;
  private tsLocal = 0n;

  constructor(
    private readonly inst: Instrument,
    private readonly opts: BinanceReadOptions,
    private readonly warnings: string[],
    private readonly syncLog: SyncLog,
  ) {
    syncLog.lose(1, 'no book snapshot before it');
  }

  /** Records (lines, blank ones included) read so far in this pass. */
  get records(): number {
    return this.record;
  }

  take(): MarketEvent[] {
    const batch = this.out;
    this.out = [];
    return batch;
  }

  /**
   * Reads the lines the ByteLines hold in memory (the caller fills them) until `out` holds at
   * least `batch` events; true when it stopped for that, with lines left to read.
   */
  readHeld(file: string, lines: ByteLines, batch: number): boolean {
    this.file = file;
    while (this.out.length < batch) {
      if (!lines.nextSync()) return false;
      this.line = lines.line;
      this.record++;
      if (lines.start === lines.end) continue;
      this.stats.records++;
      try {
        this.readBytes(lines.buf, lines.start, lines.end);
      } catch (err) {
        if (err instanceof ValueError) {
          // Time going back on a later file's first line: the files were given out of order.
          const hint = err.field === 'local_ts' && this.line === 1 && this.record > 1 ? 'give the files oldest first' : undefined;
          throw new InputError(file, this.line, err.field, err.message, hint);
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
    if (tsLocal === undefined) {
      this.readLine(b.toString('utf8', start, end));
      return;
    }
    const flat = this.flat.scan(b, sp + 1, end);
    this.setLocal(tsLocal);
    if (flat && this.readFlat()) return;
    if (!flat && this.hlBook.scan(b, sp + 1, end, this.inst.tick, this.inst.lot)) return this.readHlBook();
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
    this.tsLocal = tsLocal;
  }

  private readJson(json: string): void {
    const tsLocal = this.tsLocal;
    const msg = decodeMessage(json);
    switch (msg.type) {
      case 'depth':
        this.checkSymbol(msg.symbol, 's');
        this.onDiff(this.toDiff(msg.first, msg.last, msg.prev, msg.eventTime, msg.bids, msg.asks));
        return;
      case 'snapshot':
        this.onSnapshot(msg.lastUpdateId, msg.eventTime, msg.bids, msg.asks);
        return;
      case 'bookTicker': {
        this.checkSymbol(msg.symbol, 's');
        this.stats.bookTicker++;
        const cb = this.opts.onBookTicker;
        if (cb === undefined) return;
        cb({
          record: this.record,
          file: this.file,
          line: this.line,
          updateId: msg.updateId,
          tsExch: msg.eventTime === undefined ? undefined : BigInt(msg.eventTime) * 1_000_000n,
          tsLocal,
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
        this.fullBook(this.exchNs(msg.time), msg.bids, msg.asks, 'px', 'sz');
        this.syncLog.regain(this.record);
        return;
      case 'hlTrades':
        if (!this.sawHlTrades) {
          // On subscribing, Hyperliquid first sends the latest trades, which happened before the
          // recording began: replaying them as if received now would invent prints.
          this.sawHlTrades = true;
          this.warn(`skipped ${msg.trades.length} trades sent as the subscription's catch-up (they predate the recording)`);
          return;
        }
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
    if (f.kindStartsWith(DEPTH)) {
      if (t[F.s] !== V.Str || t[F.E] !== V.Int || t[F.U] !== V.Int || t[F.u] !== V.Int) return false;
      if (t[F.b] !== V.Pairs || t[F.a] !== V.Pairs || (t[F.pu] !== V.None && t[F.pu] !== V.Int)) return false;
      if (!this.sameSymbol()) return false;
      const at = this.startLevels();
      // Values off the grid (or otherwise odd) go the JSON.parse way, which names them.
      const bids = this.flatPairs(b, f.start[F.b], f.end[F.b]);
      const asks = bids < 0 ? -1 : this.flatPairs(b, f.start[F.a], f.end[F.a]);
      if (asks < 0) {
        this.levels.truncate(at);
        return false;
      }
      this.onDiff({
        first: f.int[F.U], last: f.int[F.u], prev: t[F.pu] === V.Int ? f.int[F.pu] : undefined,
        tsExch: this.exchNs(f.int[F.E]), at, bids, asks,
        file: this.file, line: this.line, applied: false,
      });
      return true;
    }
    if (f.kindIs(BOOK_TICKER)) {
      if (t[F.s] !== V.Str || t[F.u] !== V.Int || t[F.b] !== V.Str || t[F.B] !== V.Str || t[F.a] !== V.Str || t[F.A] !== V.Str) return false;
      if (t[F.E] !== V.None && t[F.E] !== V.Int) return false;
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
      cb({
        record: this.record,
        file: this.file,
        line: this.line,
        updateId: f.int[F.u],
        tsExch: t[F.E] === V.Int ? BigInt(f.int[F.E]) * 1_000_000n : undefined,
        tsLocal: this.tsLocal,
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
      this.push(EventKind.Trade, t[F.m] === V.True ? Side.Ask : Side.Bid, price, qty, this.exchNs(f.int[F.T]));
      return true;
    }
    const kind = f.streamKind();
    this.stats.skipped[kind] = (this.stats.skipped[kind] ?? 0) + 1;
    return true;
  }

  /** A Hyperliquid l2Book line HlBookScan has read: as readJson takes it, in the same order. */
  private readHlBook(): void {
    const h = this.hlBook;
    this.checkSymbol(h.coin(), 'coin');
    this.stats.hyperliquidBooks++;
    const tsExch = this.exchNs(h.time);
    this.push(EventKind.Clear, Side.None, 0, 0, tsExch);
    for (let i = 0; i < h.bidPx.length; i++) this.push(EventKind.Level, Side.Bid, h.bidPx[i], h.bidQty[i], tsExch);
    for (let i = 0; i < h.askPx.length; i++) this.push(EventKind.Level, Side.Ask, h.askPx[i], h.askQty[i], tsExch);
    this.syncLog.regain(this.record);
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

  /**
   * Converts a validated `[["p","q"],...]` span into ticks and lots, appended to the level ring;
   * the number of levels, or -1 on a value off the grid.
   */
  private flatPairs(b: Buffer, start: number, end: number): number {
    const { tick, lot } = this.inst;
    const ring = this.levels;
    let n = 0;
    let i = start + 1;
    while (i < end - 1) {
      const ps = i + 2;
      let pe = ps;
      while (b[pe] !== 34 /* " */) pe++;
      const qs = pe + 3;
      let qe = qs;
      while (b[qe] !== 34) qe++;
      const p = bytesToSteps(b, ps, pe, tick);
      const q = bytesToSteps(b, qs, qe, lot);
      if (Number.isNaN(p) || Number.isNaN(q)) return -1;
      ring.push(p, q);
      n++;
      i = qe + 3;
    }
    return n;
  }

  /**
   * Where the levels of the diff on this line start. Levels of diffs DepthSync no longer
   * remembers may be overwritten from here on.
   */
  private startLevels(): number {
    const ring = this.levels;
    ring.keepFrom = this.sync?.oldest?.at ?? ring.end;
    return ring.end;
  }

  finish(): void {
    const s = this.stats;
    s.diffsUnapplied = s.depth - s.diffsApplied - s.diffsStale;
    if (this.sync !== undefined && this.everSynced && !this.sync.isSynced) {
      this.warnings.push(`the session ends out of sync: book updates after the last gap were not applied`);
    }
    if (this.unorderedSteps > 0) {
      this.warnings.push(`local time went backwards ${this.unorderedSteps} times (allowed by the unordered option)`);
    }
    for (const [name, n] of Object.entries(this.stats.skipped)) {
      if (!QUIET.test(name)) this.warnings.push(`skipped ${n} messages of unknown stream or channel "${name}"`);
    }
    if (this.stats.depth > 0 && !this.everSynced) {
      this.warnings.push(`no depth snapshot in the session: the book was never synchronised, ${this.stats.depth} depth updates unused`);
    }
  }

  private warn(text: string): void {
    this.warnings.push(`${this.file}:${this.line}: ${text}`);
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

  private exchNs(ms: number): bigint {
    // Consecutive messages often share their event time: one bigint for a run of them.
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      const hi = Math.floor(ms / 1000);
      this.lastMsNs = hi < 1e10 ? bigIntFromHalves(hi, (ms - hi * 1000) * 1e6) : BigInt(ms) * 1_000_000n;
    }
    const ns = this.lastMsNs;
    if (this.lastExch === undefined || ns > this.lastExch) this.lastExch = ns;
    return ns;
  }

  private toDiff(first: number, last: number, prev: number | undefined, eventTime: number, bids: TextLevel[], asks: TextLevel[]): Diff {
    const tsExch = this.exchNs(eventTime);
    const at = this.startLevels();
    const ring = this.levels;
    for (const [p, q] of bids) ring.push(priceToTicks(this.inst, p, 'b'), qtyToLots(this.inst, q, 'b'));
    for (const [p, q] of asks) ring.push(priceToTicks(this.inst, p, 'a'), qtyToLots(this.inst, q, 'a'));
    return { first, last, prev, tsExch, at, bids: bids.length, asks: asks.length, file: this.file, line: this.line, applied: false };
  }

  private onDiff(d: Diff): void {
    this.stats.depth++;
    // The rule follows the data: only futures diffs carry pu.
    this.sync ??= new DepthSync<Diff>(d.prev === undefined ? 'spot' : 'futures');
    const outcome = this.sync.onDiff(d);
    if (outcome === 'apply') this.applyDiff(d);
    else if (outcome === 'stale') this.stats.diffsStale++;
    else if (outcome === 'gap') this.gap(d);
  }

  private gap(d: Diff): void {
    this.stats.gaps++;
    const why = this.sync!.describeGap(d);
    this.warnings.push(`${d.file}:${d.line}: ${why}; the book is out of sync and not updated until the next snapshot`);
    this.syncLog.lose(this.record, `out of sync since ${d.file}:${d.line} (${why}); no snapshot since`);
  }

  private onSnapshot(lastUpdateId: number, eventTime: number | undefined, bids: TextLevel[], asks: TextLevel[]): void {
    this.stats.snapshots++;
    if (this.everSynced && this.sync !== undefined && !this.sync.isSynced) this.warn('book resynchronised from this snapshot');
    // Spot snapshots carry no time: the latest exchange time seen is the closest honest stamp.
    const tsExch = eventTime !== undefined ? this.exchNs(eventTime) : (this.lastExch ?? this.tsLocal);
    this.fullBook(tsExch, bids, asks, 'bids', 'asks');
    this.syncLog.regain(this.record);
    this.everSynced = true;
    this.sync ??= new DepthSync<Diff>(eventTime === undefined ? 'spot' : 'futures');
    this.mark(lastUpdateId);
    const { apply, gap } = this.sync.onSnapshot(lastUpdateId);
    // Remembered diffs take effect now, when the snapshot makes them usable: they carry this
    // line's record and local time (so both stay in order), and their own exchange time.
    for (const d of apply) this.applyDiff(d);
    if (gap !== undefined) this.gap(gap);
  }

  /** Clear, then every level of a full book, all with one timestamp. */
  private fullBook(tsExch: bigint, bids: TextLevel[], asks: TextLevel[], bidField: string, askField: string): void {
    this.push(EventKind.Clear, Side.None, 0, 0, tsExch);
    for (const [p, q] of bids) this.level(Side.Bid, p, q, tsExch, bidField);
    for (const [p, q] of asks) this.level(Side.Ask, p, q, tsExch, askField);
  }

  private level(side: Side, price: string, qty: string, tsExch: bigint, field: string): void {
    const lots = qtyToLots(this.inst, qty, field);
    if (lots === 0) return; // a full book lists what rests; a zero there says nothing
    this.push(EventKind.Level, side, priceToTicks(this.inst, price, field), lots, tsExch);
  }

  private applyDiff(d: Diff): void {
    if (!d.applied) {
      d.applied = true;
      this.stats.diffsApplied++;
    }
    const ring = this.levels;
    let k = ring.slot(d.at);
    for (let i = 0; i < d.bids; i++, k = ring.next(k)) this.push(EventKind.Level, Side.Bid, ring.price(k), ring.size(k), d.tsExch);
    for (let i = 0; i < d.asks; i++, k = ring.next(k)) this.push(EventKind.Level, Side.Ask, ring.price(k), ring.size(k), d.tsExch);
    this.mark(d.last);
  }

  private trade(timeMs: number, price: string, qty: string, side: Side, priceField: string, qtyField: string): void {
    const tsExch = this.exchNs(timeMs);
    this.push(EventKind.Trade, side, priceToTicks(this.inst, price, priceField), qtyToLots(this.inst, qty, qtyField), tsExch);
  }

  private mark(updateId: number): void {
    this.opts.onBookState?.({ updateId, events: this.emitted, record: this.record });
  }

  private push(kind: EventKind, side: Side, price: number, qty: number, tsExch: bigint): void {
    this.emitted++;
    this.out.push({ kind, side, price, qty, orderId: 0, tsExch, tsLocal: this.tsLocal, record: this.record });
  }
}
