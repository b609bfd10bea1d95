import { touchMark } from '../book/touch-mark.js';
import type { MarketEvent } from '../model/events.js';
import { instrumentId, type Instrument } from '../model/instrument.js';
import type { RiskConfig } from '../risk/pre-trade.js';
import type { TradingSession } from '../risk/sessions.js';
import { SimulatedVenue, type VenueCounters, type VenueModels } from '../exchange/venue.js';
import type { MarketView } from '../strategy.js';
import { StrategyBook } from './strategy-book.js';

/** One instrument of a run: its own venue models, risk limits and trading hours. */
export interface MarketConfig {
  instrument: Instrument;
  models: VenueModels;
  risk: RiskConfig;
  session: TradingSession;
}

/**
 * Market events in flight to the strategy (feed latency above zero), with their delivery times:
 * a plain FIFO, since one instrument's feed arrives in order. Each instrument has its own, so a
 * slow feed of one never holds back another's.
 */
export class FeedQueue {
  private events: MarketEvent[] = [];
  private times: bigint[] = [];
  private head = 0;
  /** When the latest event is due: the next is never due before it. */
  last = 0n;

  push(e: MarketEvent, at: bigint): void {
    if (at < this.last) at = this.last;
    this.last = at;
    this.events.push(e);
    this.times.push(at);
  }

  get empty(): boolean {
    return this.head === this.times.length;
  }

  /** When the next event is due, or undefined when none waits. */
  peekTime(): bigint | undefined {
    return this.head < this.times.length ? this.times[this.head] : undefined;
  }

  /** Takes the next event; its due time was peekTime(). */
  shift(): MarketEvent {
    const e = this.events[this.head++];
    if (this.head >= 4096 && this.head * 2 >= this.times.length) {
      this.events.splice(0, this.head);
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return e;
  }
}

/**
 * Everything the kernel keeps per instrument: the venue that matches its orders against the
 * recorded book (exchange time), the book as the strategy sees it (after feed latency), the
 * events between them, and the order-entry session's ordering (a message never overtakes an
 * earlier one on the same session).
 */
export class MarketSlot {
  readonly id: string;
  readonly venue: SimulatedVenue;
  /** The book as the strategy sees it: the venue's own whenever it has received every event. */
  readonly book: StrategyBook;
  /**
   * How many events were processed with no feed latency that the strategy has not received yet,
   * all at the kernel's current time (a run of events with one timestamp is delivered once the
   * clock moves on, as a feed would): no delivery times to keep or compare. The events are the
   * next ones the strategy book's log delivers; `pendingHead` of them are delivered.
   */
  pendingHead = 0;
  waiting = 0;
  /** Events in flight with feed latency above zero. */
  readonly feed = new FeedQueue();
  readonly risk: RiskConfig;
  readonly session: TradingSession;
  /** Latest arrival at the venue and latest report delivery: each direction is one ordered session. */
  lastEntry = 0n;
  lastReport = 0n;
  /** Whether the strategy is called for this instrument's market data. */
  subscribed = false;
  /**
   * Subscribed, and the strategy has a market-data callback and has not turned the calls off: it
   * must see each event in its turn.
   */
  observed = false;
  /** Set once by the kernel: the strategy's handle on this instrument. */
  view!: MarketView;

  constructor(
    readonly index: number,
    readonly instrument: Instrument,
    config: MarketConfig,
    counters: VenueCounters,
  ) {
    this.id = instrumentId(instrument);
    this.venue = new SimulatedVenue(instrument, config.models, counters);
    this.book = new StrategyBook(this.venue.book);
    this.risk = config.risk;
    this.session = config.session;
  }

  /**
   * The events of a run at `now` from `from` (to `to` at most) that have no feed latency, for an
   * instrument the kernel found quiet (Kernel.quiet): the venue processes each, and the
   * strategy's book logs it to be shown once the clock moves on (observed), or has nothing to
   * keep. Stops at the first event at a later time or with feed latency, or once the venue has a
   * report (the kernel sends it back before anything else); returns where it stopped.
   */
  runAtNow(batch: readonly MarketEvent[], from: number, to: number, now: bigint): number {
    const venue = this.venue;
    let i = from;
    if (this.observed) {
      const book = this.book;
      for (; i < to; i++) {
        const e = batch[i];
        const ts = e.tsExch;
        if (ts > now || e.tsLocal > ts) return i;
        book.laggingEvent(e);
        this.waiting++;
        venue.onMarket(e, now);
        if (venue.reports.length > 0) return i + 1;
      }
    } else if (venue.bookOnly) {
      // Nothing of the account's at the venue: nothing to report, and no order can arrive in the run.
      for (; i < to; i++) {
        const e = batch[i];
        const ts = e.tsExch;
        if (ts > now || e.tsLocal > ts) return i;
        venue.onMarketBookOnly(e, now);
      }
    } else {
      for (; i < to; i++) {
        const e = batch[i];
        const ts = e.tsExch;
        if (ts > now || e.tsLocal > ts) return i;
        venue.onMarket(e, now);
        if (venue.reports.length > 0) return i + 1;
      }
    }
    return i;
  }

  /** The mid in ticks, possibly half a tick: the slippage benchmark. */
  exactMid(): number | undefined {
    const bid = this.venue.book.bestBid();
    const ask = this.venue.book.bestAsk();
    return bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined;
  }

  /** The venue's mid rounded to a tick, else the one side left, else the last trade. */
  mark(): number | undefined {
    return touchMark(this.venue.book.bestBid(), this.venue.book.bestAsk(), this.venue.lastTradePrice);
  }
}
