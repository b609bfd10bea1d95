import type { MarketEvent } from '../model/events.js';
import { instrumentId } from '../model/instrument.js';
import type { SimulatedVenue } from '../exchange/venue.js';
import { EquityText } from '../portfolio/equity-text.js';
import type { Strategy } from '../strategy.js';
import type { KernelConfig, NavPoint, RunResult } from './kernel-types.js';
import type { MarketSlot } from './market-slot.js';
import { nextNavDue } from './nav-clock.js';
import { FeedDelivery } from './feed-delivery.js';

export type { DeliveredFill, KernelConfig, NavPoint, RunResult } from './kernel-types.js';
export type { MarketConfig } from './market-slot.js';

/**
 * The event loop. It merges market data (at exchange time, for the venue), deliveries of that
 * data to the strategy (after feed latency), order arrivals (after entry latency), reports back
 * (after response latency) and timers, all on one clock, with a stable tie-break. Everything it
 * needs comes in through the config: it has no clock or randomness of its own.
 *
 * A run may hold several instruments: each has its own venue, strategy book, feed and order-entry
 * session (a MarketSlot), and one account holds the cash and every position. Market data is
 * pushed in batches, already merged by exchange time (`onBatch` for the first instrument,
 * `onEvents` for any), so the same kernel serves a file replay and a live feed; `finish` drains
 * what is still in flight.
 */
export class Kernel extends FeedDelivery {
  /** The first instrument's venue. */
  readonly venue: SimulatedVenue;
  private readonly nav: NavPoint[] = [];
  private nextNav: bigint | undefined;
  /** now >= nextNav: an equity sample is due (kept as a flag so that events at one time compare nothing). */
  private navDue = false;
  private marketEvents = 0;
  /** The account's equity as exact text for each sample, without decimal arithmetic on each. */
  private readonly equity: EquityText;
  private firstTs: bigint | undefined;
  private started = false;
  /** Feed latency from the data (each event's local time), not a constant. */
  private readonly dataLatency: boolean;
  /** Runs of events at one time may be shown to the strategy as the venue processes them (runInStep): one instrument, feed latency from the data. */
  private readonly inStepRuns: boolean;
  /** A run being shown in step (runInStep): its batch (undefined when none), and the next event the venue has not processed. */
  private stepBatch: readonly MarketEvent[] | undefined = undefined;
  private stepNext = 0;

  constructor(config: KernelConfig, strategy: Strategy, log: (message: string) => void = () => {}) {
    super(config, strategy, log);
    this.venue = this.slots[0].venue;
    this.dataLatency = config.feedLatency.kind === 'data';
    this.inStepRuns = this.dataLatency && this.slots.length === 1;
    this.equity = new EquityText(this.account);
  }

  /** A batch of the first instrument's market data. */
  onBatch(batch: readonly MarketEvent[]): void {
    this.onEvents(0, batch, 0, batch.length);
  }

  /** Events `from` to `to` (exclusive) of a batch of the instrument at `market`, in the run's merged order. */
  onEvents(market: number, batch: readonly MarketEvent[], from: number, to: number): void {
    const slot = this.slots[market];
    // Counted once a batch, not once an event.
    if (to > from) this.marketEvents += to - from;
    if (this.inStepRuns && slot.observed) return this.onEventsInStep(slot, batch, from, to);
    for (let i = from; i < to; ) {
      this.onMarket(batch[i++], slot);
      if (i < to && this.quiet(slot)) {
        i = slot.runAtNow(batch, i, to, this.now);
        if (slot.venue.reports.length > 0) this.flushReports(slot);
      }
    }
  }

  /** onEvents for a strategy called for the data, where runs at one time may be shown in step (runInStep); a loop of its own, so that other strategies' loop checks nothing more per event. */
  private onEventsInStep(slot: MarketSlot, batch: readonly MarketEvent[], from: number, to: number): void {
    // Nothing is being shown in step between batches (unless a callback threw in the middle of one).
    this.stepBatch = undefined;
    // Runs at one time that start before the batch's last run are whole in it.
    const tail = lastRunStart(batch, from, to);
    for (let i = from; i < to; ) {
      if (i < tail && slot.observed && batch[i].tsExch > this.now) {
        const end = this.runInStep(slot, batch, i);
        if (end > i) {
          i = end;
          continue;
        }
      }
      this.onMarket(batch[i++], slot);
      if (i < to && this.quiet(slot)) {
        i = slot.runAtNow(batch, i, to, this.now);
        if (slot.venue.reports.length > 0) this.flushReports(slot);
      }
    }
  }

  /**
   * The rest of a run of events at `now` may go to the instrument's slot alone (MarketSlot.runAtNow),
   * with what onMarket checks per event checked once here: no feed latency (nothing in flight),
   * nothing overdue, no equity sample due, and the strategy's book either waiting to be shown the
   * run (it is called for the data) or in step with the venue's (it is not). Nothing in the run
   * changes that: the venue runs no callback, and the slot stops at the venue's first report.
   */
  private quiet(slot: MarketSlot): boolean {
    return !this.navDue && !this.overdue && !this.sharedBook && this.dataLatency && slot.feed.empty && (slot.observed ? slot.waiting > 0 : slot.book.settled);
  }

  /**
   * Market history from before the run begins (a walk-forward window that starts mid-recording):
   * the venue's book, order-level queue state and trade statistics and the strategy's book take
   * it in, so the run starts from the market as it stood rather than from an empty book. The
   * strategy is not started, sees none of it, and it is not counted among the run's events.
   */
  warmUp(batch: readonly MarketEvent[], market = 0): void {
    if (this.started) throw new Error('warmUp must come before the run starts');
    const slot = this.slots[market];
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i];
      slot.book.inStepEvent(e);
      slot.venue.onMarket(e, e.tsExch);
    }
  }

  /**
   * Lets time pass to `t` with no market data. Before any data it starts the strategy at `t`
   * (call it only with a time at or before the first event): what the strategy schedules
   * before the data begins then happens then, against an empty book, instead of after the
   * first event. After the data it runs everything due up to and including `t`, so timers
   * between the last event and `t` fire instead of lapsing. A time at or behind the clock does
   * nothing.
   */
  advanceTo(t: bigint): void {
    if (!this.started) {
      this.started = true;
      this.now = t;
      this.strategyNow = t;
      this.strategy.onStart?.(this.ctx);
      return;
    }
    if (t <= this.now) return;
    this.runDueBefore(t + 1n);
    this.now = t;
    if (this.nextNav !== undefined) this.navDue = t >= this.nextNav;
  }

  finish(): RunResult {
    this.stepBatch = undefined;
    if (!this.started) {
      this.started = true;
      this.strategy.onStart?.(this.ctx);
    }
    // Deliver everything in flight; timers and expiries past the data lapse.
    this.drain(false);
    this.strategyNow = this.now > this.strategyNow ? this.now : this.strategyNow;
    this.strategy.onEnd?.(this.ctx);
    // Orders the strategy sent in onEnd still reach the venue and report back.
    this.drain(true);
    this.sampleNav(this.now, true);
    return {
      instruments: this.slots.map((s) => s.instrument),
      account: this.account,
      fills: this.fills,
      orders: this.venueOrders,
      rejects: this.rejects,
      nav: this.nav,
      marketEvents: this.marketEvents,
      lastMark: this.slots[0].mark(),
      marks: this.slots.map((s) => s.mark()),
      firstTs: this.firstTs,
      lastTs: this.firstTs === undefined ? undefined : this.now,
    };
  }

  // ---- the loop ------------------------------------------------------------------------------
  //
  // Times stay exact BigInt nanoseconds, but the loop compares as few of them as it can, since
  // each comparison is a call: an event at the current time (a run of book levels from one
  // message) costs one comparison (tsExch > now) and one more for its feed latency; only when the
  // clock moves does it compare against what is scheduled and the next equity sample. What is due
  // is known without comparing: items scheduled before `now` raise `overdue`, events waiting with
  // no latency are all at `now`, and `inFlight` counts the feeds holding events with latency.

  private onMarket(e: MarketEvent, slot: MarketSlot): void {
    if (e.tsExch > this.now) this.advance(e.tsExch);
    else {
      if (this.firstTs === undefined) this.begin(this.now);
      if (this.overdue) this.runDueBefore(this.now);
    }
    const t = this.now;
    if (this.sharedBook) {
      slot.book.inStepEvent(e);
      slot.venue.onMarket(e, t);
      if (slot.venue.reports.length > 0) this.flushReports(slot);
      this.strategyNow = t;
      this.deliverMarket(e, slot);
    } else if (slot.feed.empty && this.dataLatency && e.tsLocal <= e.tsExch) {
      // No feed latency: the strategy receives the event at t, once the venue has processed any
      // others at t; a strategy without market-data callbacks has nothing to wait for.
      if (slot.observed) {
        slot.book.laggingEvent(e);
        if (slot.waiting === 0) this.pendingSlots++;
        slot.waiting++;
      } else {
        slot.book.inStepEvent(e);
        this.strategyNow = t;
      }
      slot.venue.onMarket(e, t);
      if (slot.venue.reports.length > 0) this.flushReports(slot);
    } else {
      slot.book.laggingEvent(e);
      slot.venue.onMarket(e, t);
      if (slot.venue.reports.length > 0) this.flushReports(slot);
      if (slot.feed.empty) this.inFlight++;
      slot.feed.push(e, this.feedTime(e, t));
    }
    if (this.navDue) this.sampleNav(t, false);
  }

  /**
   * A run of events at a new time that is whole in its batch (a later event follows it there),
   * from batch[from]: each event with no feed latency is shown to the strategy as soon as the
   * venue has processed it, with the venue's book as the strategy's, no copy kept and nothing
   * queued. The run is the same as if the strategy were shown the events once the clock moves
   * on, after the venue has processed them all (the rule for events at one time): nothing the
   * venue does with the rest of the run reaches the strategy before then (its reports are
   * scheduled, the strategy's book is its own), and nothing the strategy does reaches the venue
   * before then (what it sends is scheduled), except through catchUpVenue: before the strategy
   * sends anything, the venue processes the rest of the run the usual way (onMarket: its reports
   * and random draws come first, and the risk check sees the book at the run's end), and the rest
   * is shown once the clock moves on. So is everything from an event with feed latency on, or
   * once the strategy turns its calls off. Returns where the usual way takes over: `from` (the
   * clock moved, nothing else done) when the feed still holds events.
   */
  private runInStep(slot: MarketSlot, batch: readonly MarketEvent[], from: number): number {
    const t = batch[from].tsExch;
    this.advance(t);
    if (!slot.feed.empty || !slot.observed || batch[from].tsLocal > t) return from;
    const book = slot.book;
    const venue = slot.venue;
    for (let i = from; ; ) {
      const e = batch[i];
      book.inStepEvent(e);
      venue.onMarket(e, t);
      if (venue.reports.length > 0) this.flushReports(slot);
      if (this.navDue) this.sampleNav(t, false);
      this.strategyNow = t;
      const next = i + 1;
      // The run is whole in the batch: the event after it is there.
      if (batch[next].tsExch !== t) {
        this.deliverMarket(e, slot);
        return next;
      }
      this.stepBatch = batch;
      this.stepNext = next;
      this.deliverMarket(e, slot);
      // The strategy sent something: catchUpVenue processed the rest of the run.
      if (this.stepBatch === undefined) return this.stepNext;
      this.stepBatch = undefined;
      if (!slot.observed || batch[next].tsLocal > t) return next;
      i = next;
    }
  }

  protected catchUpVenue(): void {
    const batch = this.stepBatch;
    if (batch === undefined) return;
    this.stepBatch = undefined;
    const slot = this.slots[0];
    const t = this.now;
    let i = this.stepNext;
    // Whole in the batch (runInStep): a later event ends it there.
    while (batch[i].tsExch === t) this.onMarket(batch[i++], slot);
    this.stepNext = i;
  }

  /** The first event (at t, the clock's time or later): the run's start, its first equity sample due. */
  private begin(t: bigint): void {
    this.firstTs = t;
    this.nextNav = t;
    this.navDue = true;
    if (!this.started) {
      // The strategy starts at the time of the first data, not at the epoch.
      this.started = true;
      this.now = t;
      this.strategyNow = t;
      this.strategy.onStart?.(this.ctx);
    }
  }

  /** The clock moves on to t: everything due before it runs first. */
  private advance(t: bigint): void {
    if (this.firstTs === undefined) this.begin(t);
    this.runDueBefore(t);
    this.now = t;
    this.navDue = t >= this.nextNav!;
  }

  /** Runs everything due before t: feed deliveries and scheduled items, in time order. */
  private runDueBefore(t: bigint): void {
    // The usual case: events with no latency wait at `now`, before anything scheduled (the feed
    // goes first at equal times), and no feed holds events in flight that could come between.
    if (this.pendingSlots > 0 && this.inFlight === 0 && !this.overdue) this.deliverAllPending();
    for (;;) {
      const fs = this.pendingSlots > 0 || this.inFlight > 0 ? this.nextFeed() : undefined;
      const ft = this.feedAt;
      const ht = this.scheduler.peekTime();
      // At equal times the feed goes first: the data was on the wire before what it caused.
      if (fs !== undefined && ft < t && (ht === undefined || ft <= ht)) this.deliverFeed(fs, ft);
      else if (ht !== undefined && ht < t) {
        const item = this.scheduler.pop()!;
        if (item.time > this.now) this.now = item.time;
        item.run();
      } else break;
    }
    // Everything before t has run, and the clock is about to reach t.
    this.overdue = false;
  }

  /** Runs everything still pending; lapsing items (timers, expiries) past the data are dropped. */
  private drain(lapseAll: boolean): void {
    for (;;) {
      const fs = this.pendingSlots > 0 || this.inFlight > 0 ? this.nextFeed() : undefined;
      const ft = this.feedAt;
      const ht = this.scheduler.peekTime();
      if (fs === undefined && ht === undefined) break;
      if (fs !== undefined && (ht === undefined || ft <= ht)) {
        this.deliverFeed(fs, ft);
        continue;
      }
      const item = this.scheduler.pop()!;
      if (item.lapses && (lapseAll || item.time > this.now)) continue;
      if (item.time > this.now) this.now = item.time;
      item.run();
    }
    this.overdue = false;
  }

  private sampleNav(t: bigint, force: boolean): void {
    let equity: string;
    if (this.slots.length === 1) {
      const mark = this.slots[0].mark();
      if (mark === undefined && !force) return;
      equity = this.equity.text(mark);
    } else {
      let any = false;
      for (let i = 0; i < this.slots.length; i++) any = (this.marks[i] = this.slots[i].mark()) !== undefined || any;
      if (!any && !force) return;
      equity = this.equity.text(this.marks);
    }
    this.nav.push({ ts: t, equity });
    if (this.nextNav !== undefined) this.nextNav = nextNavDue(this.nextNav, t, this.config.navIntervalNs);
    this.navDue = false;
  }
}

/** Where the last run of events at one time of batch[from] to batch[to - 1] starts (it may go on in the next batch). */
function lastRunStart(batch: readonly MarketEvent[], from: number, to: number): number {
  if (to <= from) return from;
  const t = batch[to - 1].tsExch;
  let i = to - 1;
  while (i > from && batch[i - 1].tsExch === t) i--;
  return i;
}

/** The id of the instrument at `market` in a run's result. */
export function marketId(result: Pick<RunResult, 'instruments'>, market: number | undefined): string {
  return instrumentId(result.instruments[market ?? 0]);
}
