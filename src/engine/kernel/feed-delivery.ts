import { EventKind, type MarketEvent } from '../model/events.js';
import type { MarketSlot } from './market-slot.js';
import { OrderFlow } from './order-flow.js';

/**
 * The kernel's feed side: market data on its way to the strategy. An instrument's events with no
 * feed latency wait at the venues' time (`waiting`) and are delivered in one loop once the clock
 * moves on; events with latency are in flight in the instrument's feed until they reach the
 * strategy. The event loop (Kernel, which extends this) decides when each is due.
 */
export abstract class FeedDelivery extends OrderFlow {
  /** Instruments with events waiting at `now`, and with events in flight. */
  protected pendingSlots = 0;
  protected inFlight = 0;
  /** The time of the feed nextFeed() found. */
  protected feedAt = 0n;
  /** Whether onBook and onTrade are called (ctx.marketDataCalls). */
  protected marketCalls = true;

  /**
   * The strategy turns its market-data calls off or on. An instrument whose events wait to be
   * delivered one by one changes once they are (deliverPending); until then they are delivered,
   * silently when off, so that the book the strategy reads stays the book of what it received.
   */
  marketDataCalls(on: boolean): void {
    if (on === this.marketCalls) return;
    this.marketCalls = on;
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i].waiting === 0) this.observe(this.slots[i]);
  }

  /** Whether an instrument's events wait to be shown to the strategy one by one: it is called for them. */
  protected observe(slot: MarketSlot): void {
    slot.observed = slot.subscribed && this.marketCalls && (typeof this.strategy.onBook === 'function' || typeof this.strategy.onTrade === 'function');
  }

  /**
   * The instrument whose feed delivers next (the earliest; at equal times the first in the run),
   * its time in feedAt; undefined when no feed holds anything. Waiting events are due at `now`.
   */
  protected nextFeed(): MarketSlot | undefined {
    const slots = this.slots;
    let best: MarketSlot | undefined;
    let bt = 0n;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      const ft = s.waiting > 0 ? this.now : s.feed.peekTime();
      if (ft !== undefined && (best === undefined || ft < bt)) {
        bt = ft;
        best = s;
      }
    }
    this.feedAt = bt;
    return best;
  }

  /**
   * Every instrument's waiting events, in the run's order: all due at `now`, nothing between
   * them. A callback cannot move the clock or deliver anything, so each instrument's run is
   * delivered in one loop, its time set once.
   */
  protected deliverAllPending(): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) if (slots[i].waiting > 0) this.deliverRun(slots[i]);
  }

  /**
   * An instrument's waiting events, one call each, in one tight loop: the strategy, its context
   * and the instrument's view are read once, not once an event.
   */
  private deliverRun(slot: MarketSlot): void {
    const book = slot.book;
    const strategy = this.strategy;
    const ctx = this.ctx;
    const view = slot.view;
    const n = slot.waiting;
    this.strategyNow = this.now;
    // pendingHead is not counted up on the way: nothing a callback may call reads it (a callback
    // cannot deliver), and the last event clears it. The slot is subscribed, or nothing would wait.
    for (let k = slot.pendingHead + 1; ; k++) {
      const e = book.deliver();
      // The last is taken off before its call, as the strategy may turn calls off in it.
      const last = k === n;
      if (last) this.endPending(slot);
      if (this.marketCalls) {
        // 6 is EventKind.Trade, as a literal: the import would be loaded and checked each event.
        if (e.kind === 6) strategy.onTrade?.(ctx, e, view);
        else strategy.onBook?.(ctx, e, view);
      }
      if (last) return;
    }
  }

  /** The next market event of an instrument's feed reaches the strategy at `at`. */
  protected deliverFeed(slot: MarketSlot, at: bigint): void {
    if (slot.waiting > 0) return this.deliverPending(slot);
    const e = slot.feed.shift();
    if (slot.feed.empty) this.inFlight--;
    if (at > this.now) this.now = at;
    this.strategyNow = at;
    slot.book.deliver();
    this.deliverMarket(e, slot);
  }

  /** The next event waiting with no latency reaches the strategy, at the time the venue processed it (`now`). */
  private deliverPending(slot: MarketSlot): void {
    const e = slot.book.deliver();
    if (++slot.pendingHead === slot.waiting) this.endPending(slot);
    this.strategyNow = this.now;
    this.deliverMarket(e, slot);
  }

  /** The last of an instrument's waiting events is being delivered (before its call, as the strategy may turn calls off in it). */
  private endPending(slot: MarketSlot): void {
    slot.waiting = 0;
    slot.pendingHead = 0;
    this.pendingSlots--;
    if (!this.marketCalls) this.observe(slot);
  }

  /**
   * When an event with feed latency reaches the strategy: t plus the latency. Exact BigInt
   * nanoseconds, with BigInt arithmetic only where needed (a BigInt result is a heap allocation):
   * data latency on an event the clock has not held back (t === tsExch) gives its local time.
   * An event with no latency never comes here unless its feed already holds others, which it follows.
   */
  protected feedTime(e: MarketEvent, t: bigint): bigint {
    const f = this.config.feedLatency;
    if (f.kind === 'constant') return f.ns === 0n ? t : t + f.ns;
    if (e.tsLocal <= e.tsExch) return t;
    return t === e.tsExch ? e.tsLocal : t + (e.tsLocal - e.tsExch);
  }

  protected deliverMarket(e: MarketEvent, slot: MarketSlot): void {
    if (!slot.subscribed || !this.marketCalls) return;
    if (e.kind === EventKind.Trade) this.strategy.onTrade?.(this.ctx, e, slot.view);
    else this.strategy.onBook?.(this.ctx, e, slot.view);
  }

}
