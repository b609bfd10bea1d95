import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import type { Kernel, RunResult } from '../../engine/kernel/kernel.js';
import { ManualTrading } from './manual-trading.js';
import { addNav, emptyNav, type NavTrack } from './nav-track.js';
import { previewOrder } from './preview.js';
import type { EngineSnapshot, FeedItem, OrderPreview, TapeTrade, TicketOrder } from './types.js';

const TAPE = 40;
const DEPTH = 50;

/**
 * The engine half of a session: market events in (`push`), engine state out (`snapshot`). It
 * knows nothing of pacing or drawing, so a file replay and a live feed both drive it.
 */
export class EngineSession {
  private tape: TapeTrade[] = [];
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
    trading.onFeed((item) => this.emit(item));
  }

  /** Market events in, in order. */
  push(batch: readonly MarketEvent[]): void {
    if (batch.length === 0 || this.result) return;
    this.kernel.onBatch(batch);
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
      this.tape = fresh.length >= TAPE ? fresh : [...fresh, ...this.tape.slice(0, TAPE - fresh.length)];
      if (this.listeners.size > 0) for (let i = fresh.length - 1; i >= 0; i--) this.emit({ kind: 'trade', trade: fresh[i] });
    }
    if (this.nextNav === undefined || last.tsExch >= this.nextNav) {
      const equity = this.kernel.account.equity(this.mark());
      this.firstEquity ??= equity.toFixed(2);
      this.nav = addNav(this.nav, Number(equity.toFixed(8)));
      const base = this.nextNav ?? last.tsExch;
      this.nextNav = base + ((last.tsExch - base) / this.navEveryNs + 1n) * this.navEveryNs;
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

  submit(t: TicketOrder): string | undefined {
    const id = this.trading.submit({ side: t.side, type: t.type, qty: t.qty, limit: t.type === 'limit' ? t.limit : undefined, tif: t.tif });
    this.pushes++;
    return id;
  }

  cancel(clientId: string): void {
    this.trading.cancel(clientId);
    this.pushes++;
  }

  preview(t: TicketOrder): OrderPreview {
    const k = this.kernel;
    return previewOrder(t, { book: k.venue.book, account: k.account, risk: k.config.risk, fees: k.config.models.fees, openSameSide: this.trading.openLots(t.side) });
  }

  onFeed(listener: (item: FeedItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): EngineSnapshot {
    const k = this.kernel;
    const acct = k.account;
    const mark = this.mark();
    const { bids, asks } = k.venue.book.levels(DEPTH);
    return {
      version: this.pushes + this.trading.version,
      clock: this.clock,
      events: this.events,
      bids,
      asks,
      trades: this.tape,
      orders: this.trading.orders(),
      fills: this.trading.fills(),
      position: acct.position,
      cash: acct.cash.toFixed(2),
      equity: acct.equity(mark).toFixed(2),
      startingEquity: this.firstEquity ?? acct.startingCash.toFixed(2),
      realized: acct.realized.toFixed(2),
      unrealized: acct.unrealized(mark).toFixed(2),
      fees: acct.fees.toFixed(2),
      avgPrice: acct.avgPrice.toFixed(4),
      nav: this.nav.samples,
      drawdown: this.nav.drawdown,
      maxDrawdown: this.nav.maxDrawdown,
      ready: this.trading.ready && !this.result,
    };
  }

  /** The mid in ticks, else one side, else the last trade: what the position is marked at. */
  private mark(): number | undefined {
    const book = this.kernel.venue.book;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== undefined && ask !== undefined) return Math.round((bid + ask) / 2);
    return bid ?? ask ?? this.kernel.venue.lastTradePrice;
  }

  private emit(item: FeedItem): void {
    for (const l of this.listeners) l(item);
  }
}
