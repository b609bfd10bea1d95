import { EventKind, Side } from '../../engine/model/events.js';
import { priceToTicks, qtyToLots, type Instrument } from '../../engine/model/instrument.js';
import { quoteAt, stepsBeforeQuote } from './quoted-steps.js';
import type { SyncLog } from '../sync-log.js';
import { DepthSync } from './depth-sync.js';
import { F, type PairsReader } from './flat-scan.js';
import { LevelRing } from './level-ring.js';
import type { TextLevel } from './messages.js';
import type { PassEvents } from './pass-events.js';
import type { BinanceStats, BookState } from './types.js';

/**
 * A diff converted to ticks and lots when its line is read, so errors name that line. Its
 * levels are in the LevelRing: `bids` of them from `bidAt`, `asks` from `askAt`, all at or
 * after `at`.
 */
interface Diff {
  first: number;
  last: number;
  prev: number | undefined;
  tsExch: bigint;
  at: number;
  bidAt: number;
  bids: number;
  askAt: number;
  asks: number;
  file: string;
  line: number;
  /** Set once its events were emitted, so a replay after a later snapshot is not counted twice. */
  applied: boolean;
}

/**
 * The order book part of a pass: depth diffs and snapshots, kept in step by update id
 * (DepthSync), turned into Clear and Level events, with the warnings and the record ranges
 * (SyncLog) where the book is not known.
 */
export class DepthFeed implements PairsReader {
  private readonly levels = new LevelRing();
  private sync: DepthSync<Diff> | undefined;
  private everSynced = false;
  /** Where the levels of the line being read start in the ring. */
  private lineAt = 0;
  /** Per slot (0: F.b, 1: F.a), where pairs() put the line's levels and how many. */
  private readonly slotAt = new Float64Array(2);
  private readonly slotCount = new Int32Array(2);

  constructor(
    private readonly inst: Instrument,
    private readonly ev: PassEvents,
    private readonly stats: BinanceStats,
    private readonly warnings: string[],
    private readonly syncLog: SyncLog,
    private readonly onBookState: ((s: BookState) => void) | undefined,
  ) {}

  /** A line begins: any levels it has are written from here. */
  beginLine(): void {
    this.lineAt = this.levels.end;
  }

  /** The line is not read by the fast path after all: what pairs() converted from it goes. */
  dropLine(): void {
    this.levels.truncate(this.lineAt);
  }

  /**
   * The b or a array of a depth line, for FlatScan: validated and converted to ticks and lots
   * in one walk, into the ring. -1 when it is not plainly valid or a value is off the grid
   * (the line then goes the JSON.parse way, which names the fault): any string stepsBeforeQuote
   * takes is a JSON string without escapes, so nothing FlatScan would reject gets through.
   */
  pairs(b: Buffer, i: number, to: number, slot: number): number {
    const { tick, lot } = this.inst;
    const ring = this.levels;
    ring.keepFrom = this.sync?.oldest?.at ?? this.lineAt;
    const at = ring.end;
    let n = 0;
    i++;
    if (b[i] !== 93 /* ] */) {
      for (;;) {
        if (b[i] !== 91 /* [ */ || b[i + 1] !== 34 /* " */) return -1;
        // Each string is read to its closing quote and converted in one walk.
        const p = stepsBeforeQuote(b, i + 2, to, tick);
        if (Number.isNaN(p)) return -1;
        const pe = quoteAt;
        if (b[pe + 1] !== 44 /* , */ || b[pe + 2] !== 34) return -1;
        const q = stepsBeforeQuote(b, pe + 3, to, lot);
        if (Number.isNaN(q)) return -1;
        const qe = quoteAt;
        if (b[qe + 1] !== 93) return -1;
        ring.push(p, q);
        n++;
        i = qe + 2;
        const c = b[i];
        if (c === 93) break;
        if (c !== 44) return -1;
        i++;
      }
    }
    const k = slot === F.b ? 0 : 1;
    this.slotAt[k] = at;
    this.slotCount[k] = n;
    return i + 1;
  }

  /** A diff whose line FlatScan read, its arrays converted by pairs(). */
  flatDiff(first: number, last: number, prev: number | undefined, eventMs: number): void {
    const ev = this.ev;
    this.onDiff({
      first, last, prev, tsExch: ev.exchNs(eventMs), at: this.lineAt,
      bidAt: this.slotAt[0], bids: this.slotCount[0], askAt: this.slotAt[1], asks: this.slotCount[1],
      file: ev.file, line: ev.line, applied: false,
    });
  }

  /** A diff decoded by JSON.parse, its levels still text. */
  textDiff(first: number, last: number, prev: number | undefined, eventMs: number, bids: TextLevel[], asks: TextLevel[]): void {
    const ev = this.ev;
    const tsExch = ev.exchNs(eventMs);
    const ring = this.levels;
    ring.keepFrom = this.sync?.oldest?.at ?? this.lineAt;
    const at = ring.end;
    for (const [p, q] of bids) ring.push(priceToTicks(this.inst, p, 'b'), qtyToLots(this.inst, q, 'b'));
    for (const [p, q] of asks) ring.push(priceToTicks(this.inst, p, 'a'), qtyToLots(this.inst, q, 'a'));
    this.onDiff({
      first, last, prev, tsExch, at, bidAt: at, bids: bids.length, askAt: at + bids.length, asks: asks.length,
      file: ev.file, line: ev.line, applied: false,
    });
  }

  snapshot(lastUpdateId: number, eventTime: number | undefined, bids: TextLevel[], asks: TextLevel[]): void {
    const ev = this.ev;
    this.stats.snapshots++;
    if (this.everSynced && this.sync !== undefined && !this.sync.isSynced) this.warnings.push(`${ev.where}: book resynchronised from this snapshot`);
    // Spot snapshots carry no time: the latest exchange time seen is the closest honest stamp.
    const tsExch = eventTime !== undefined ? ev.exchNs(eventTime) : (ev.lastExch ?? ev.tsLocal);
    this.fullBook(tsExch, bids, asks, 'bids', 'asks');
    this.syncLog.regain(ev.record);
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
  fullBook(tsExch: bigint, bids: TextLevel[], asks: TextLevel[], bidField: string, askField: string): void {
    this.ev.push(EventKind.Clear, Side.None, 0, 0, tsExch);
    for (const [p, q] of bids) this.level(Side.Bid, p, q, tsExch, bidField);
    for (const [p, q] of asks) this.level(Side.Ask, p, q, tsExch, askField);
  }

  /** Warnings about how the session ended, and the diffs never applied. */
  finish(): void {
    const s = this.stats;
    s.diffsUnapplied = s.depth - s.diffsApplied - s.diffsStale;
    if (this.sync !== undefined && this.everSynced && !this.sync.isSynced) {
      this.warnings.push(`the session ends out of sync: book updates after the last gap were not applied`);
    }
  }

  /** Whether any snapshot was read. */
  get synced(): boolean {
    return this.everSynced;
  }

  private level(side: Side, price: string, qty: string, tsExch: bigint, field: string): void {
    const lots = qtyToLots(this.inst, qty, field);
    if (lots === 0) return; // a full book lists what rests; a zero there says nothing
    this.ev.push(EventKind.Level, side, priceToTicks(this.inst, price, field), lots, tsExch);
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
    this.syncLog.lose(this.ev.record, `out of sync since ${d.file}:${d.line} (${why}); no snapshot since`);
  }

  private applyDiff(d: Diff): void {
    if (!d.applied) {
      d.applied = true;
      this.stats.diffsApplied++;
    }
    const ring = this.levels;
    const ev = this.ev;
    let k = ring.slot(d.bidAt);
    for (let i = 0; i < d.bids; i++, k = ring.next(k)) ev.push(EventKind.Level, Side.Bid, ring.price(k), ring.size(k), d.tsExch);
    k = ring.slot(d.askAt);
    for (let i = 0; i < d.asks; i++, k = ring.next(k)) ev.push(EventKind.Level, Side.Ask, ring.price(k), ring.size(k), d.tsExch);
    this.mark(d.last);
  }

  private mark(updateId: number): void {
    this.onBookState?.({ updateId, events: this.ev.emitted, record: this.ev.record });
  }
}
