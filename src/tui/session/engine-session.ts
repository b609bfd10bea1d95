import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import type { Kernel, RunResult } from '../../engine/kernel/kernel.js';
import { nextNavDue } from '../../engine/kernel/nav-clock.js';
import type { Instrument } from '../../engine/model/instrument.js';
import { ManualTrading } from './manual-trading.js';
import { addNav, emptyNav, type NavTrack } from './nav-track.js';
import { previewOrder } from './preview.js';
import type { EngineSnapshot, FeedItem, HeldPosition, OrderPreview, TapeTrade, TicketOrder } from './types.js';

const TAPE = 40;
const DEPTH = 50;

/**
 * The engine half of a session: market events in (`push`), engine state out (`snapshot`). It
 * knows nothing of pacing or drawing, so a file replay and a live feed both drive it. A run over
 * several instruments has one selected at a time: its book, tape and tickets are the screen's;
 * the positions of all of them are always shown.
 */
export class EngineSession {
  /** The last trades of each instrument, newest first. */
  private tapes: TapeTrade[][];
  private selected = 0;
  private nav: NavTrack = emptyNav();
  private nextNav: bigint | undefined;
  private clock: bigint | undefined;
  private events = 0;
  private pushes = 0;
  private result: RunResult | undefined;
  private firstEquity: string | undefined;
  private readonly listeners = new Set<(item: FeedItem) => void>();

  constructor(
    readonly kernel: Kernel,
    readonly trading: ManualTrading,
    /** Data time between equity samples for the sparkline. */
    private readonly navEveryNs = 1_000_000_000n,
  ) {
    this.tapes = kernel.slots.map(() => []);
    trading.onFeed((item) => this.emit(item));
  }

  /** Every instrument of the run, in part order. */
  get instruments(): readonly Instrument[] {
    return this.kernel.slots.map((s) => s.instrument);
  }

  /** The instrument the screen shows (its book, tape and tickets). */
  get instrument(): Instrument {
    return this.kernel.slots[this.selected].instrument;
  }

  /** Shows the instrument at `market` (wrapping round). */
  select(market: number): void {
    const n = this.kernel.slots.length;
    this.selected = ((market % n) + n) % n;
    this.pushes++;
  }

  get selectedMarket(): number {
    return this.selected;
  }

  /** Market events of the first instrument in, in order. */
  push(batch: readonly MarketEvent[]): void {
    this.pushMarket(0, batch);
  }

  /** Market events of the instrument at `market` in, in the run's merged order. */
  pushMarket(market: number, batch: readonly MarketEvent[]): void {
    if (batch.length === 0 || this.result) return;
    this.kernel.onEvents(market, batch, 0, batch.length);
    this.events += batch.length;
    this.pushes++;
    const last = batch[batch.length - 1];
    this.clock = last.tsExch;
    // Only the newest prints can reach the tape: look at the tail of the batch, newest first.
    const fresh: TapeTrade[] = [];
    for (let i = batch.length - 1; i >= 0 && fresh.length < TAPE; i--) {
      const e = batch[i];
      if (e.kind === EventKind.Trade) fresh.push({ price: e.price, qty: e.qty, side: e.side === Side.Bid ? 'buy' : 'sell', ts: e.tsExch });
    }
    if (fresh.length > 0) {
      const tape = this.tapes[market];
      this.tapes[market] = fresh.length >= TAPE ? fresh : [...fresh, ...tape.slice(0, TAPE - fresh.length)];
      if (this.listeners.size > 0 && market === this.selected) for (let i = fresh.length - 1; i >= 0; i--) this.emit({ kind: 'trade', trade: fresh[i] });
    }
    if (this.nextNav === undefined || last.tsExch >= this.nextNav) {
      const equity = this.kernel.account.equity(this.marks());
      this.firstEquity ??= equity.toFixed(2);
      this.nav = addNav(this.nav, Number(equity.toFixed(8)));
      this.nextNav = nextNavDue(this.nextNav, last.tsExch, this.navEveryNs);
    }
  }

  /** Ends the run: everything in flight is delivered; the strategy's onEnd runs. Idempotent. */
  finish(): RunResult {
    if (!this.result) {
      this.result = this.kernel.finish();
      this.pushes++;
      this.emit({ kind: 'end', events: this.events });
    }
    return this.result;
  }

  get finished(): boolean {
    return this.result !== undefined;
  }

  get eventCount(): number {
    return this.events;
  }

  /** A ticket's order, for the selected instrument. */
  submit(t: TicketOrder): string | undefined {
    const slot = this.kernel.slots[this.selected];
    const id = this.trading.submit({ side: t.side, type: t.type, qty: t.qty, limit: t.type === 'limit' ? t.limit : undefined, tif: t.tif, instrument: slot.id });
    this.pushes++;
    return id;
  }

  cancel(clientId: string): void {
    this.trading.cancel(clientId);
    this.pushes++;
  }

  preview(t: TicketOrder): OrderPreview {
    const k = this.kernel;
    const slot = k.slots[this.selected];
    return previewOrder(t, {
      book: slot.venue.book,
      account: k.account,
      risk: slot.risk,
      fees: slot.venue.models.fees,
      openSameSide: this.trading.openLots(t.side, slot.id),
      market: slot.index,
      marks: k.slots.length > 1 ? this.marks() : undefined,
    });
  }

  onFeed(listener: (item: FeedItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): EngineSnapshot {
    const k = this.kernel;
    const acct = k.account;
    const marks = this.marks();
    const slot = k.slots[this.selected];
    const held = acct.holdings[this.selected];
    const { bids, asks } = slot.venue.book.levels(DEPTH);
    const positions: HeldPosition[] = k.slots.map((s, i) => {
      const h = acct.holdings[i];
      return { id: s.id, instrument: s.instrument, lots: h.lots, avgPrice: h.avgPrice.toFixed(4), unrealized: h.unrealized(marks[i]).toFixed(2), mark: marks[i] };
    });
    return {
      version: this.pushes + this.trading.version,
      clock: this.clock,
      events: this.events,
      market: this.selected,
      bids,
      asks,
      trades: this.tapes[this.selected],
      orders: this.trading.orders(),
      fills: this.trading.fills(),
      position: held.lots,
      positions,
      cash: acct.cash.toFixed(2),
      equity: acct.equity(marks).toFixed(2),
      startingEquity: this.firstEquity ?? acct.startingCash.toFixed(2),
      realized: acct.realized.toFixed(2),
      unrealized: acct.unrealized(marks).toFixed(2),
      fees: acct.fees.toFixed(2),
      avgPrice: held.avgPrice.toFixed(4),
      nav: this.nav.samples,
      drawdown: this.nav.drawdown,
      maxDrawdown: this.nav.maxDrawdown,
      ready: this.trading.ready && !this.result,
    };
  }

  /** Each instrument's mark (the venue's, as the kernel marks it), in part order. */
  private marks(): (number | undefined)[] {
    return this.kernel.slots.map((s) => s.mark());
  }

  private emit(item: FeedItem): void {
    for (const l of this.listeners) l(item);
  }
}
