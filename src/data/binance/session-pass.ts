import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { priceToTicks, qtyToLots, type Instrument } from '../../engine/model/instrument.js';
import { DepthSync } from './depth-sync.js';
import { localTimestampNs } from './local-time.js';
import { decodeMessage, type TextLevel } from './messages.js';
import { F, FlatScan, V } from './flat-scan.js';
import { newStats, type BinanceReadOptions } from './types.js';
import type { SyncLog } from '../sync-log.js';

/** A diff converted to ticks and lots when its line is read, so errors name that line. */
interface Diff {
  first: number;
  last: number;
  prev: number | undefined;
  tsExch: bigint;
  bidPx: number[];
  bidQty: number[];
  askPx: number[];
  askQty: number[];
  file: string;
  line: number;
  /** Set once its events were emitted, so a replay after a later snapshot is not counted twice. */
  applied: boolean;
}

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
  private sync: DepthSync<Diff> | undefined;
  private everSynced = false;
  private sawHlTrades = false;
  private readonly flat = new FlatScan();
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

  readBatch(file: string, lines: string[], firstLine: number): void {
    this.file = file;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      this.line = firstLine + i;
      this.record++;
      if (text.length === 0) continue;
      this.stats.records++;
      try {
        this.readLine(text);
      } catch (err) {
        if (err instanceof ValueError) {
          // Time going back on a later file's first line: the files were given out of order.
          const hint = err.field === 'local_ts' && this.line === 1 && this.record > 1 ? 'give the files oldest first' : undefined;
          throw new InputError(file, this.line, err.field, err.message, hint);
        }
        throw err;
      }
    }
  }

  private readLine(text: string): void {
    const sp = text.indexOf(' ');
    if (sp <= 0) throw new ValueError('local_ts', 'expected "<local timestamp> <json>"');
    const tsLocal = localTimestampNs(text.slice(0, sp));
    if (tsLocal < this.prevLocal) this.unordered(tsLocal);
    this.prevLocal = tsLocal;
    this.tsLocal = tsLocal;
    const json = text.slice(sp + 1);
    if (this.flat.scan(json) && this.readFlat()) return;
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
    const kind = f.streamKind();
    if (kind.startsWith('depth')) {
      if (t[F.s] !== V.Str || t[F.E] !== V.Int || t[F.U] !== V.Int || t[F.u] !== V.Int) return false;
      if (t[F.b] !== V.Pairs || t[F.a] !== V.Pairs || (t[F.pu] !== V.None && t[F.pu] !== V.Int)) return false;
      this.checkSymbol(f.str(F.s)!, 's');
      const d: Diff = {
        first: f.int[F.U], last: f.int[F.u], prev: t[F.pu] === V.Int ? f.int[F.pu] : undefined,
        tsExch: this.exchNs(f.int[F.E]), bidPx: [], bidQty: [], askPx: [], askQty: [],
        file: this.file, line: this.line, applied: false,
      };
      this.flatPairs(f.start[F.b], f.end[F.b], d.bidPx, d.bidQty, 'b');
      this.flatPairs(f.start[F.a], f.end[F.a], d.askPx, d.askQty, 'a');
      this.onDiff(d);
      return true;
    }
    if (kind === 'bookTicker') {
      if (t[F.s] !== V.Str || t[F.u] !== V.Int || t[F.b] !== V.Str || t[F.B] !== V.Str || t[F.a] !== V.Str || t[F.A] !== V.Str) return false;
      if (t[F.E] !== V.None && t[F.E] !== V.Int) return false;
      this.checkSymbol(f.str(F.s)!, 's');
      this.stats.bookTicker++;
      const cb = this.opts.onBookTicker;
      if (cb === undefined) return true;
      cb({
        record: this.record,
        file: this.file,
        line: this.line,
        updateId: f.int[F.u],
        tsExch: t[F.E] === V.Int ? BigInt(f.int[F.E]) * 1_000_000n : undefined,
        tsLocal: this.tsLocal,
        bidPrice: priceToTicks(this.inst, f.str(F.b)!, 'b'),
        bidQty: qtyToLots(this.inst, f.str(F.B)!, 'B'),
        askPrice: priceToTicks(this.inst, f.str(F.a)!, 'a'),
        askQty: qtyToLots(this.inst, f.str(F.A)!, 'A'),
      });
      return true;
    }
    if (kind === 'trade') {
      if (t[F.s] !== V.Str || t[F.T] !== V.Int || t[F.p] !== V.Str || t[F.q] !== V.Str) return false;
      if ((t[F.m] !== V.True && t[F.m] !== V.False) || (t[F.X] !== V.None && t[F.X] !== V.Str)) return false;
      this.checkSymbol(f.str(F.s)!, 's');
      const x = f.str(F.X);
      if (x !== undefined && x !== 'MARKET') {
        this.stats.tradesSkipped++;
        return true;
      }
      this.stats.trades++;
      this.trade(f.int[F.T], f.str(F.p)!, f.str(F.q)!, t[F.m] === V.True ? Side.Ask : Side.Bid, 'p', 'q');
      return true;
    }
    this.stats.skipped[kind] = (this.stats.skipped[kind] ?? 0) + 1;
    return true;
  }

  /** Converts a validated `[["p","q"],...]` span into ticks and lots. */
  private flatPairs(start: number, end: number, px: number[], qty: number[], field: string): void {
    const text = this.flat.text;
    let i = start + 1;
    while (i < end - 1) {
      const ps = i + 2;
      const pe = text.indexOf('"', ps);
      const qs = pe + 3;
      const qe = text.indexOf('"', qs);
      px.push(priceToTicks(this.inst, text.slice(ps, pe), field));
      qty.push(qtyToLots(this.inst, text.slice(qs, qe), field));
      i = qe + 3;
    }
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
    const ns = BigInt(ms) * 1_000_000n;
    if (this.lastExch === undefined || ns > this.lastExch) this.lastExch = ns;
    return ns;
  }

  private toDiff(first: number, last: number, prev: number | undefined, eventTime: number, bids: TextLevel[], asks: TextLevel[]): Diff {
    const d: Diff = {
      first, last, prev, tsExch: this.exchNs(eventTime),
      bidPx: new Array<number>(bids.length), bidQty: new Array<number>(bids.length),
      askPx: new Array<number>(asks.length), askQty: new Array<number>(asks.length),
      file: this.file, line: this.line, applied: false,
    };
    for (let i = 0; i < bids.length; i++) {
      d.bidPx[i] = priceToTicks(this.inst, bids[i][0], 'b');
      d.bidQty[i] = qtyToLots(this.inst, bids[i][1], 'b');
    }
    for (let i = 0; i < asks.length; i++) {
      d.askPx[i] = priceToTicks(this.inst, asks[i][0], 'a');
      d.askQty[i] = qtyToLots(this.inst, asks[i][1], 'a');
    }
    return d;
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
    for (let i = 0; i < d.bidPx.length; i++) this.push(EventKind.Level, Side.Bid, d.bidPx[i], d.bidQty[i], d.tsExch);
    for (let i = 0; i < d.askPx.length; i++) this.push(EventKind.Level, Side.Ask, d.askPx[i], d.askQty[i], d.tsExch);
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
