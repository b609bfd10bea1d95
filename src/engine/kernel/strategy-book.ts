import type { BookSide } from '../book/book-side.js';
import { L2Book } from '../book/l2-book.js';
import { EventKind, type MarketEvent } from '../model/events.js';

/**
 * How far (in events) a copy that the strategy has stopped reading may fall behind before it is
 * let go (at the next moment the strategy is in step): a copy costs its log (the events since the
 * copy's point), while bringing one back costs a rebuild from the venue's book, about as much as
 * replaying a few thousand events on a 5,000-level book.
 */
const REBUILD_AFTER = 1 << 17;
/** Delivered events are dropped from the log in chunks of at least this many. */
const TRIM_AT = 4096;

/**
 * The book as the strategy sees it, after feed latency, without keeping a second book up to date
 * event by event. The venue processes every event first; the strategy receives it then or later.
 * Whenever everything the venue has processed has also been delivered, the strategy's book IS
 * the venue's, and that is the usual case: with no feed latency the two differ only while a run
 * of events with the same timestamp is being delivered (the venue has processed the whole run,
 * the strategy is shown it one event at a time), or while events are in flight.
 *
 * The events processed and not yet delivered are kept in order (the log; the kernel delivers
 * from it). For reads out of step there are two ways to the strategy's book:
 *
 * - No copy (the usual case: a strategy that does not read the book while events wait, or reads
 *   it rarely). Each logged event keeps the size its level had at the venue before it (the
 *   venue's book hands it over as it applies the row, see L2Book.sizeBefore): the venue's book
 *   with the undelivered events taken back, latest first, is the strategy's. The log then holds
 *   only what is undelivered (one run of events at one time, without latency): small, so it
 *   stays in cache. A clear cannot be taken back, so a clear logged out of step brings a copy.
 * - A copy: the venue's book as it stood at some event, plus the events processed since,
 *   replayed up to the last one delivered only when the strategy reads. A read out of step with
 *   no copy makes one (the venue's book rebuilt, the undelivered events taken back), and it is
 *   kept while the strategy goes on reading: let go once it has fallen REBUILD_AFTER events
 *   behind, or, made for a clear, at the first moment in step without a read.
 *
 * Either way the strategy reads exactly the levels it would have read in a book of its own that
 * had applied every delivered event.
 */
export class StrategyBook {
  /** Events the venue processed that the strategy receives later, and of those, delivered (counts, not times). */
  private processed = 0;
  private delivered = 0;
  private readonly copy = new L2Book();
  /** Of `processed`, how many the copy holds; -1 when no copy is kept. */
  private copied = -1;
  /** The copy was made for a clear and has not been read since. */
  private copyUnread = false;
  /**
   * Events processed and not delivered, and with a copy those it has not applied: log[i],
   * i < logged, is event number logStart + i. The array keeps its length (and the references in
   * it) when emptied, so refilling it allocates nothing.
   */
  private readonly log: MarketEvent[] = [];
  private logged = 0;
  private logStart = 0;
  /**
   * With no copy: befores[i] is the size log[i]'s level had at the venue before it. The last
   * logged event's is still the venue's book's sizeBefore (noted at the next event, or when read).
   */
  private befores = new Float64Array(256);
  /** The venue's book keeps sizeBefore outside its tick window too (a far level's search): only while events lag. */
  private keeping = false;
  /** The venue's sides by Side (None, a clear's, reads the bids: its before is never used). */
  private readonly sides: readonly BookSide[];
  /** Scratch for rebuilds: one side's levels, best first. */
  private prices = new Float64Array(0);
  private sizes = new Float64Array(0);

  /** `rebuildAfter`: REBUILD_AFTER, smaller only where a test wants to see copies made and let go. */
  constructor(
    private readonly venue: L2Book,
    private readonly rebuildAfter = REBUILD_AFTER,
  ) {
    this.sides = [venue.bids, venue.bids, venue.asks];
  }

  /** The book to read now. */
  current(): L2Book {
    if (this.processed === this.delivered) return this.venue;
    // A copy already at the last delivered event (the second and later reads of one callback):
    // nothing to apply. The flag is written only when it changes (a store is not free either).
    if (this.copied === this.delivered) {
      if (this.copyUnread) this.copyUnread = false;
      return this.copy;
    }
    return this.caughtUp();
  }

  /** In step with the venue, keeping nothing: an event the strategy receives at once needs no inStepEvent. */
  get settled(): boolean {
    return !this.keeping && this.copied < 0 && this.processed === this.delivered;
  }

  /**
   * The venue is about to process `e`, which the strategy receives at once (it is in step and
   * stays so): there is nothing to keep, but a copy made earlier no longer follows the venue.
   * A copy the strategy is still reading stays, the event logged for it to apply when next read
   * out of step: a strategy shown runs at one time in step that reads the book after sending in
   * the middle of one (the rest of the run then waits) would otherwise have its copy rebuilt from
   * the venue's whole book at every such run, where applying the events since costs a few.
   */
  inStepEvent(e: MarketEvent): void {
    if (this.keeping) this.keep(false);
    if (this.copied < 0) return;
    if (this.processed === this.delivered && !this.copyUnread && this.processed - this.copied < this.rebuildAfter) {
      if (this.logged === this.log.length) this.log.push(e);
      else this.log[this.logged] = e;
      this.logged++;
      this.processed++;
      this.delivered++;
      return;
    }
    this.copied = -1;
    this.logged = 0;
    this.logStart = this.processed;
  }

  /** The venue is about to process `e`, which reaches the strategy later (a run at one time, or latency). */
  laggingEvent(e: MarketEvent): void {
    const n = this.logged;
    // The usual case, kept small enough to be inlined into the kernel's loop: the next event of
    // a run that already lags, no copy, room in the log, nothing delivered that could be trimmed.
    // Literals, not EventKind.Clear and TRIM_AT: an imported or module-level binding is loaded
    // from the module's context and checked on every call (see L2Book.applyFields).
    if (this.copied < 0 && this.processed !== this.delivered && n < this.log.length && n < this.befores.length && e.kind !== 0 && this.delivered - this.logStart < 4096) {
      // The venue has processed the event logged before this one: note what its level had. The
      // side is an index into the venue's sides, not a branch: bids and asks come in no order a
      // processor could predict.
      this.befores[n - 1] = this.sides[this.log[n - 1].side].before;
      this.log[n] = e;
      this.logged = n + 1;
      this.processed++;
    } else if (this.copied >= 0 && this.processed !== this.delivered && n < this.log.length && this.processed - this.copied < 4 * this.rebuildAfter) {
      // The same with a copy kept (a strategy that reads the book while events wait, as a maker
      // reading the touch at every event of a run does): the event is only logged, the copy
      // applies it when read.
      this.log[n] = e;
      this.logged = n + 1;
      this.processed++;
    } else this.laggingEventSlow(e);
  }

  private laggingEventSlow(e: MarketEvent): void {
    if (this.processed === this.delivered) {
      // In step: nothing is owed. A copy the strategy has stopped reading is let go.
      if (this.copied >= 0 && (this.copyUnread || this.processed - this.copied >= this.rebuildAfter)) this.copied = -1;
      if (this.copied < 0) {
        this.logged = 0;
        this.logStart = this.processed;
        // Befores are noted from here on (while the strategy is in step, nothing pays for them).
        if (!this.keeping) this.keep(true);
      }
    } else if (this.copied < 0) {
      // The venue has processed the event logged before this one: note what its level had.
      this.befores[this.logged - 1] = this.venue.sizeBefore(this.log[this.logged - 1].side);
      this.trim(this.delivered - this.logStart);
    } else if (this.processed - this.copied >= 4 * this.rebuildAfter) {
      // Out of step for long (events always in flight): replay what was delivered, so that the log stays short.
      this.caughtUp();
    }
    // A clear cannot be taken back: the copy is made while the venue's book still holds what it empties.
    if (e.kind === EventKind.Clear && this.copied < 0) this.makeCopy();
    if (this.logged === this.log.length) this.log.push(e);
    else this.log[this.logged] = e;
    if (this.copied < 0 && this.logged === this.befores.length) this.growBefores();
    this.logged++;
    this.processed++;
  }

  /**
   * The strategy receives the next lagging event, which is returned: every event processed and
   * not yet delivered is in the log, so the kernel keeps no queue of its own for events waiting
   * with no feed latency.
   */
  deliver(): MarketEvent {
    return this.log[this.delivered++ - this.logStart];
  }

  /** The copy, with every delivered event applied (made first if there is none). */
  private caughtUp(): L2Book {
    if (this.copied < 0) {
      this.befores[this.logged - 1] = this.venue.sizeBefore(this.log[this.logged - 1].side);
      this.makeCopy();
    }
    this.copyUnread = false;
    const log = this.log;
    const to = this.delivered - this.logStart;
    for (let i = this.copied - this.logStart; i < to; i++) this.copy.apply(log[i]);
    this.copied = this.delivered;
    this.trim(to);
    return this.copy;
  }

  /** Drops the first `n` logged events (applied or delivered, as the caller knows) once there are enough of them. */
  private trim(n: number): void {
    if (n < TRIM_AT || n * 2 < this.logged) return;
    this.log.copyWithin(0, n, this.logged);
    if (this.copied < 0) this.befores.copyWithin(0, n, this.logged);
    this.logged -= n;
    this.logStart += n;
  }

  /**
   * A copy at the last delivered event, from no copy: the venue's book as it stands with the
   * undelivered events taken back, latest first (every one processed by the venue, its before
   * noted). The log stays: the copy replays it from there.
   */
  private makeCopy(): void {
    const copy = this.copy;
    copy.clear();
    this.copySide(this.venue.bids, copy.bids);
    this.copySide(this.venue.asks, copy.asks);
    const log = this.log;
    for (let i = this.logged - 1, stop = this.delivered - this.logStart; i >= stop; i--) {
      const e = log[i];
      const row = e.kind - 1;
      // Level, Add, Cancel, Delete and Execute change one level (L2Book.applyFields); trades none.
      if (row >= 0 && row < 5) copy.side(e.side).set(e.price, this.befores[i]);
    }
    this.copied = this.delivered;
    this.copyUnread = true;
  }

  private keep(on: boolean): void {
    this.keeping = on;
    this.venue.keepSizeBefore(on);
  }

  private growBefores(): void {
    const next = new Float64Array(this.befores.length * 2);
    next.set(this.befores);
    this.befores = next;
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
