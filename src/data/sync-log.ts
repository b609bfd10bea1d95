/**
 * The stretches of records over which a reader's book is not known: before the first snapshot
 * of a snapshot-then-updates feed, and from a gap in the updates to the next snapshot. A reader
 * fills it as its pass reads; the book command asks it about the record it shows.
 */
export class SyncLog {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly why: string[] = [];
  private openAt = -1;

  /** Starts a fresh pass. */
  reset(): void {
    this.from.length = 0;
    this.to.length = 0;
    this.why.length = 0;
    this.openAt = -1;
  }

  /** The book is not known from this record on (until regained). A second loss keeps the first reason. */
  lose(record: number, why: string): void {
    if (this.openAt >= 0) return;
    this.openAt = this.from.length;
    this.from.push(record);
    this.to.push(Infinity);
    this.why.push(why);
  }

  /** The book is known again after this record (a snapshot arrived in it). */
  regain(record: number): void {
    if (this.openAt < 0) return;
    this.to[this.openAt] = record - 1;
    this.openAt = -1;
  }

  get isSynced(): boolean {
    return this.openAt < 0;
  }

  /** The reason the book after `record` is not known, or undefined when it is. */
  at(record: number): string | undefined {
    let lo = 0;
    let hi = this.from.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (record < this.from[mid]) hi = mid - 1;
      else if (record > this.to[mid]) lo = mid + 1;
      else return this.why[mid];
    }
    return undefined;
  }
}
