/**
 * Keeps a local book in step with Binance's diff-depth stream, following Binance's documented
 * procedure ("How to manage a local order book correctly", spot and futures):
 *
 * - diffs that arrive before a snapshot are kept (a bounded window of recent diffs);
 * - on a snapshot with lastUpdateId L, diffs already covered by it are dropped
 *   (spot: u <= L; futures: u < L, as the futures page words it);
 * - the first diff applied must straddle the snapshot: spot U <= L+1 <= u; futures U <= L <= u.
 *   Futures also accept pu == L: pu is by definition the last id of the previous event, so
 *   such a diff starts exactly where the snapshot ends, even if the event ending at L was lost;
 * - every later diff must continue the previous one: spot U == previous u + 1, futures
 *   pu == previous u.
 *
 * A diff that breaks the chain is never applied: the book is out of sync until the next
 * snapshot. Diffs keep being remembered, so that snapshot can be rolled forward by them.
 *
 * Pure bookkeeping on update ids; the reader turns decisions into events and warnings.
 */

export type SyncRule = 'spot' | 'futures';

export interface SyncDiff {
  /** U */
  first: number;
  /** u */
  last: number;
  /** pu (futures) */
  prev: number | undefined;
}

export type DiffOutcome =
  /** Continue the book with this diff. */
  | 'apply'
  /** Already covered by the book's state (older than the snapshot, or a repeat): drop it. */
  | 'stale'
  /** No snapshot yet, or out of sync: the diff is remembered for the next snapshot. */
  | 'waiting'
  /** The chain broke at this diff: the book is now out of sync. */
  | 'gap';

export interface SnapshotOutcome<D> {
  /** Remembered diffs that roll the snapshot forward, oldest first. */
  apply: D[];
  /** Set when the remembered diffs themselves break the chain: out of sync again. */
  gap?: D;
}

export class DepthSync<D extends SyncDiff> {
  private synced = false;
  /** True between a snapshot and the first diff applied after it. */
  private awaitingFirst = false;
  private lastId = 0;
  /** Recent diffs, oldest first, in a ring of at most `window` entries. */
  private recent: D[] = [];
  private head = 0;

  /**
   * @param window how many recent diffs to remember for a later snapshot. A REST snapshot lags
   *   the stream by well under a second; 4096 diffs cover minutes of the busiest stream here.
   */
  constructor(
    readonly rule: SyncRule,
    private readonly window = 4096,
  ) {}

  get isSynced(): boolean {
    return this.synced;
  }

  /** The update id the book is at (meaningful while synced). */
  get updateId(): number {
    return this.lastId;
  }

  /** The oldest diff still remembered (its owner may let go of anything older). */
  get oldest(): D | undefined {
    return this.recent.length < this.window ? this.recent[0] : this.recent[this.head];
  }

  /** Why the book went out of sync, for the warning. */
  describeGap(d: D): string {
    if (this.awaitingFirst) {
      const want = this.rule === 'spot' ? `U <= ${this.lastId + 1} <= u` : `U <= ${this.lastId} <= u`;
      return `the first update after the snapshot (lastUpdateId ${this.lastId}) must straddle it (${want}), got U=${d.first} u=${d.last}`;
    }
    return this.rule === 'spot'
      ? `update ids jump from u=${this.lastId} to U=${d.first} (expected U=${this.lastId + 1})`
      : `update chain broken: pu=${String(d.prev)} but the previous update ended at u=${this.lastId}`;
  }

  onDiff(d: D): DiffOutcome {
    this.remember(d);
    if (!this.synced) return 'waiting';
    return this.check(d);
  }

  onSnapshot(lastUpdateId: number): SnapshotOutcome<D> {
    this.synced = true;
    this.awaitingFirst = true;
    this.lastId = lastUpdateId;
    const apply: D[] = [];
    for (const d of this.ordered()) {
      const outcome = this.check(d);
      if (outcome === 'apply') apply.push(d);
      else if (outcome === 'gap') return { apply, gap: d };
    }
    return { apply };
  }

  private check(d: D): 'apply' | 'stale' | 'gap' {
    const L = this.lastId;
    if (this.awaitingFirst) {
      if (this.rule === 'spot' ? d.last <= L : d.last < L) return 'stale';
      const straddles =
        this.rule === 'spot'
          ? d.first <= L + 1 && d.last >= L + 1
          : (d.first <= L && d.last >= L) || d.prev === L;
      if (!straddles) return this.breakSync();
      this.awaitingFirst = false;
      this.lastId = d.last;
      return 'apply';
    }
    const continues = this.rule === 'spot' ? d.first === L + 1 : d.prev === L;
    if (continues) {
      this.lastId = d.last;
      return 'apply';
    }
    // A repeat of something already applied changes nothing; anything else is a hole.
    if (d.last <= L) return 'stale';
    return this.breakSync();
  }

  private breakSync(): 'gap' {
    this.synced = false;
    return 'gap';
  }

  private remember(d: D): void {
    if (this.recent.length < this.window) {
      this.recent.push(d);
    } else {
      this.recent[this.head] = d;
      this.head = (this.head + 1) % this.window;
    }
  }

  private ordered(): D[] {
    return this.head === 0 ? this.recent.slice() : [...this.recent.slice(this.head), ...this.recent.slice(0, this.head)];
  }
}
