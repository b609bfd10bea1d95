const NO_LEVELS = new Float64Array(0);

/**
 * The price levels of recent depth diffs, in ticks and lots, in two typed arrays used as one
 * ring. A pass remembers its last few thousand diffs for a later snapshot (DepthSync); kept as
 * four number arrays per diff they outlived the young generation and made up most of the
 * pass's garbage-collection work (about a quarter of its CPU time on the USD-M day, 2026-12-06).
 * Here they cost no objects at all: a diff holds where its levels start and how many there are.
 *
 * Positions are logical (they only grow); the ring holds the levels from the oldest position
 * its owner still needs (keepFrom) up to `end`, and grows when that would not fit.
 */
export class LevelRing {
  /** Empty until the first level: a Hyperliquid pass, which has no diffs, never allocates them. */
  private px = NO_LEVELS;
  private qty = NO_LEVELS;
  /** Logical position of the next level written. */
  private endAt = 0;
  /** Where `endAt` lies in the arrays. */
  private w = 0;

  /** @param capacity levels held before the first growth (allocated at the first push). */
  constructor(private readonly capacity = 1 << 16) {}

  /** Logical position of the next level written. */
  get end(): number {
    return this.endAt;
  }

  /**
   * The oldest position the owner still needs: when the ring is full, it grows rather than
   * overwrite a level written at or after this.
   */
  keepFrom = 0;

  /** Appends one level. */
  push(price: number, qty: number): void {
    if (this.endAt - this.keepFrom >= this.px.length) this.grow();
    const w = this.w;
    this.px[w] = price;
    this.qty[w] = qty;
    this.w = w + 1 === this.px.length ? 0 : w + 1;
    this.endAt++;
  }

  private grow(): void {
    const cap = this.px.length;
    if (cap === 0) {
      // The first level: nothing to move yet.
      this.px = new Float64Array(this.capacity);
      this.qty = new Float64Array(this.capacity);
      this.w = this.endAt % this.capacity;
      return;
    }
    const grown = cap * 2;
    const px = new Float64Array(grown);
    const qty = new Float64Array(grown);
    // Each kept level moves to its logical position modulo the new size.
    const from = Math.max(this.keepFrom, this.endAt - cap);
    let src = from % cap;
    let dst = from % grown;
    for (let i = from; i < this.endAt; i++) {
      px[dst] = this.px[src];
      qty[dst] = this.qty[src];
      if (++src === cap) src = 0;
      if (++dst === grown) dst = 0;
    }
    this.px = px;
    this.qty = qty;
    this.w = this.endAt % grown;
  }

  /** Forgets the levels written at or after `at` (a line that the fast path gave up on). */
  truncate(at: number): void {
    this.endAt = at;
    this.w = at % this.px.length;
  }

  /** Where logical position `at` lies in the arrays, for price()/qtyAt() with next(). */
  slot(at: number): number {
    return at % this.px.length;
  }

  next(slot: number): number {
    return slot + 1 === this.px.length ? 0 : slot + 1;
  }

  price(slot: number): number {
    return this.px[slot];
  }

  size(slot: number): number {
    return this.qty[slot];
  }
}
