import { L2Book, type BookSide } from '../book/l2-book.js';
import type { MarketEvent } from '../model/events.js';

/**
 * How far (in events) an unread copy may fall behind before it is rebuilt from the venue's book
 * rather than replayed: a rebuild costs about as much as replaying a few thousand events on a
 * 5,000-level book, and a strategy that never reads the book while it lags never pays for more.
 */
const REBUILD_AFTER = 1 << 17;
/** Replayed events are dropped from the log in chunks of at least this many. */
const TRIM_AT = 4096;

/**
 * The book as the strategy sees it, after feed latency, without keeping a second book up to date
 * event by event. The venue processes every event first; the strategy receives it then or later.
 * Whenever everything the venue has processed has also been delivered, the strategy's book IS
 * the venue's, and that is the usual case: with no feed latency the two differ only while a run
 * of events with the same timestamp is being delivered (the venue has processed the whole run,
 * the strategy is shown it one event at a time), or while events are in flight.
 *
 * For those moments a copy is kept lazily: the venue's book as it stood at some event, plus the
 * events processed since (a log of references), replayed up to the last one delivered only when
 * the strategy actually reads the book out of step. A copy that nobody reads is not replayed but
 * rebuilt from the venue's book, when the two are in step again, once it has fallen far behind.
 * Either way the strategy reads exactly the levels it would have read in a book of its own that
 * had applied every delivered event.
 */
export class StrategyBook {
  /** Events the venue processed that the strategy receives later, and of those, delivered (counts, not times). */
  private processed = 0;
  private delivered = 0;
  private readonly copy = new L2Book();
  /** Of `processed`, how many the copy holds; -1 when it is stale and must be rebuilt before use. */
  private copied = -1;
  /**
   * Processed events the copy has not applied: log[i], i < logged, is event number logStart + i.
   * The array keeps its length (and the references in it) when emptied, so refilling it allocates nothing.
   */
  private readonly log: MarketEvent[] = [];
  private logged = 0;
  private logStart = 0;
  /** Scratch for rebuilds: one side's levels, best first. */
  private prices = new Float64Array(0);
  private sizes = new Float64Array(0);

  /** `rebuildAfter`: REBUILD_AFTER, smaller only where a test wants to see rebuilds. */
  constructor(
    private readonly venue: L2Book,
    private readonly rebuildAfter = REBUILD_AFTER,
  ) {}

  /** The book to read now. */
  current(): L2Book {
    return this.processed === this.delivered ? this.venue : this.caughtUp();
  }

  /**
   * The venue is about to process `e`, which the strategy receives at once (it is in step and
   * stays so): there is nothing to keep, but a copy made earlier no longer follows the venue.
   */
  inStepEvent(): void {
    if (this.copied >= 0) {
      this.copied = -1;
      this.logged = 0;
    }
  }

  /** The venue is about to process `e`, which reaches the strategy later (a run at one time, or latency). */
  laggingEvent(e: MarketEvent): void {
    const behind = this.processed - this.copied;
    if (this.copied < 0 || behind >= this.rebuildAfter) {
      // In step, the venue's book is the strategy's: take it as it is (with no latency that is
      // at the start of every run of events at one time). Out of step for long (events always
      // in flight), replay what was delivered instead, so that the log stays short.
      if (this.processed === this.delivered) this.rebuild();
      else if (behind >= 4 * this.rebuildAfter) this.caughtUp();
    }
    if (this.logged < this.log.length) this.log[this.logged] = e;
    else this.log.push(e);
    this.logged++;
    this.processed++;
  }

  /** The strategy receives the next lagging event. */
  deliver(): void {
    this.delivered++;
  }

  /** The copy, with every delivered event applied. */
  private caughtUp(): L2Book {
    const log = this.log;
    const to = this.delivered - this.logStart;
    for (let i = this.copied - this.logStart; i < to; i++) this.copy.apply(log[i]);
    this.copied = this.delivered;
    if (to >= TRIM_AT && to * 2 >= this.logged) {
      log.copyWithin(0, to, this.logged);
      this.logged -= to;
      this.logStart += to;
    }
    return this.copy;
  }

  /** The copy becomes the venue's book as it stands (the strategy has received all of it). */
  private rebuild(): void {
    this.copy.clear();
    this.copySide(this.venue.bids, this.copy.bids);
    this.copySide(this.venue.asks, this.copy.asks);
    this.copied = this.processed;
    this.logged = 0;
    this.logStart = this.processed;
  }

  private copySide(from: BookSide, to: BookSide): void {
    const n = from.depth;
    if (this.prices.length < n) {
      this.prices = new Float64Array(n * 2);
      this.sizes = new Float64Array(n * 2);
    }
    // Read all, then write best first (a walk down the book is O(1) a step): the window settles
    // around the touch at once and deeper levels fill in below it.
    for (let i = 0; i < n; i++) {
      this.prices[i] = from.priceAt(i)!;
      this.sizes[i] = from.sizeAtLevel(i);
    }
    for (let i = 0; i < n; i++) to.set(this.prices[i], this.sizes[i]);
  }
}
