import { FarLevels } from './far-levels.js';

/** The window starts this many ticks wide and doubles, as deep levels arrive, up to MAX_WINDOW. */
const MIN_WINDOW = 256;
/** 512 KiB of sizes a side: covers ~97 % of a deep crypto book's updates at a 0.1 tick. */
const MAX_WINDOW = 1 << 16;

/**
 * One side of an L2 book, indexed by tick. Prices become keys signed so that larger is better
 * (bids: price, asks: -price). A window of `width` consecutive keys around the touch holds sizes
 * in a flat array, with a bitmap of the occupied ones so that finding the next level below the
 * best is a few word scans; levels worse than the window are kept apart, sorted (FarLevels). The
 * best level is always inside the window, and its index is tracked.
 *
 * Why hand-written: this is the replay hot path (every event of every run). A real recording
 * updates deep levels all the time (95 % of a Binance BTCUSDT day's updates land below the top 4
 * of a 5,000-level book), and a sorted array shifts hundreds of entries per insert or removal,
 * while a map or tree library allocates per level; an update here is one array write and a bit.
 *
 * Prices are whole ticks (safe integers); anything else is refused.
 */
export class BookSide {
  /** +1 for bids, -1 for asks: key = dir * price. */
  private readonly dir: number;
  private width = MIN_WINDOW;
  /** The key at index 0 of the window. */
  private lo = 0;
  private sizes = new Float64Array(MIN_WINDOW);
  private bits = new Uint32Array(MIN_WINDOW >>> 5);
  /** Levels inside the window, and the index of the best (-1: none, and then no far level either). */
  private count = 0;
  private bestIdx = -1;
  private readonly far = new FarLevels();
  /**
   * The size the level of the last update had before it (see L2Book.sizeBefore): kept as a field,
   * not returned, since a double returned from a call that is not inlined is a heap number made
   * per event. Outside the window only when keepBefore is set (a far level's is a search of its own).
   */
  before = 0;
  keepBefore = false;
  /** The last level visited by priceAt/sizeAtLevel (-1: none), so a walk down the book is O(1) a step. */
  private curLevel = -1;
  /** Its position: a window index (>= 0) or -(far index) - 1. */
  private curPos = 0;

  constructor(readonly isBid: boolean) {
    this.dir = isBid ? 1 : -1;
  }

  /** How many levels the side holds. */
  get depth(): number {
    return this.count + this.far.depth;
  }

  clear(): void {
    // Only the occupied sizes are zeroed, found through the bitmap: a window grown to 65,536
    // ticks is 512 KiB of sizes, and a recording cleared between sessions (or a LOBSTER book,
    // whose 0.0001 price unit grows the window to its limit) would fill all of it on every
    // Clear, where the bitmap is 1/64 of that and a handful of levels are set.
    // A few levels (a LOBSTER book holds a handful, and the strategy's copy of it is cleared and
    // refilled whenever it is made): walked down from the best, where every level of the window
    // is, rather than the whole bitmap scanned (2,048 words at the widest window).
    if (this.count > 0 && this.count <= 32) {
      const bits = this.bits;
      const sizes = this.sizes;
      let idx = this.bestIdx;
      for (let n = this.count; ; ) {
        sizes[idx] = 0;
        bits[idx >>> 5] &= ~(1 << (idx & 31));
        if (--n === 0) break;
        idx = this.below(idx - 1);
      }
    } else if (this.count > 0) {
      const bits = this.bits;
      const sizes = this.sizes;
      for (let word = 0; word < bits.length; word++) {
        let m = bits[word];
        if (m === 0) continue;
        bits[word] = 0;
        while (m !== 0) {
          sizes[(word << 5) + 31 - Math.clz32(m & -m)] = 0;
          m &= m - 1;
        }
      }
    }
    this.count = 0;
    this.bestIdx = -1;
    this.far.clear();
    this.curLevel = -1;
  }

  /** Sets the total size at a price; 0 or less removes the level. */
  set(price: number, size: number): void {
    const idx = this.dir * price - this.lo;
    // One comparison pair for "a whole index inside the window" (fractions and negatives fail).
    if (idx >>> 0 === idx && idx < this.width) this.setAt(idx, size);
    else this.setOutside(this.dir * price, size);
  }

  /** Adds (or with a negative delta removes) size at a price. Returns the new size there. */
  add(price: number, delta: number): number {
    const idx = this.dir * price - this.lo;
    if (idx >>> 0 === idx && idx < this.width) {
      const old = this.sizes[idx];
      if (old > 0) {
        const size = old + delta;
        if (size > 0) this.sizes[idx] = size;
        else this.removeAt(idx);
        return size;
      }
      if (delta > 0) this.setAt(idx, delta);
      return delta;
    }
    const key = this.dir * price;
    if (idx < 0 && this.far.depth > 0) {
      const i = this.far.find(key);
      if (i >= 0) {
        this.curLevel = -1;
        return this.far.add(key, delta);
      }
    }
    if (delta > 0) this.setOutside(key, delta);
    return delta;
  }

  /**
   * The replay's hot path, for both kinds of update: the size becomes old * keep + delta (keep 0
   * sets it, as a Level event does; keep 1 adds, as an L3 add, cancel or execute does), exactly
   * as set and add would leave it. Inside the window it takes no branch on the data but the rare
   * ones (a new or lost best, a size that is not a number >= 0): recorded books mix creations,
   * updates and removals at random, and a mispredicted branch per event cost more than the
   * arithmetic and the stores that replace it (the bitmap word, the count and the walk cache are
   * written every time).
   * The size the level had before is left in `before`.
   */
  update(price: number, keep: number, delta: number): void {
    // idx as an int32 (not the double the subtraction gives): the rest of the update is then
    // integer arithmetic, and bestIdx stays a small-integer field. A fraction, NaN or a key
    // outside int32 fails `idx !== at` and takes the slow path, as it did before.
    const at = this.dir * price - this.lo;
    const idx = at | 0;
    if (idx !== at || idx < 0 || idx >= this.width) return this.updateOutside(price, keep, delta);
    const sizes = this.sizes;
    const old = sizes[idx];
    this.before = old;
    // Stored sizes are +0 (no level), > 0 or +Infinity, never -0 or NaN, so old * keep is never
    // -0 and a size >= 0 here is one to store as it is (+0 removes). Anything else (negative,
    // NaN) is rare and set right out of line. One well-predicted test instead of the masking
    // arithmetic this replaced (size * has + 0, then a NaN check): that was a chain of six
    // dependent float operations per event, about 10 % of the book's time.
    let size = old * keep + delta;
    if (!(size >= 0)) size = oddSize(keep, delta, size);
    const has = +(size > 0);
    const changed = has ^ +(old > 0);
    sizes[idx] = size;
    const bit = 1 << (idx & 31);
    const word = idx >>> 5;
    this.bits[word] = (this.bits[word] & ~bit) | (bit & -has);
    this.count += changed * (has + has - 1);
    this.curLevel |= -changed; // a level came or went: the walk restarts from the best
    if (idx >= this.bestIdx) {
      if (has === 1) this.bestIdx = idx;
      else if (idx === this.bestIdx) this.lostBest(idx);
    }
  }

  /** update's slow path, out of line so that update stays small enough to be inlined where it is called. */
  private updateOutside(price: number, keep: number, delta: number): void {
    this.before = this.keepBefore ? this.sizeAt(price) : 0;
    if (keep === 0) this.set(price, delta);
    else this.add(price, delta);
  }

  sizeAt(price: number): number {
    const idx = this.dir * price - this.lo;
    if (idx >>> 0 === idx && idx < this.width) return this.sizes[idx];
    return idx < 0 && this.far.depth > 0 ? this.far.sizeAt(this.dir * price) : 0;
  }

  /** The n-th best level (0 = best), or undefined. */
  priceAt(level: number): number | undefined {
    if (level === 0) return this.bestIdx >= 0 ? this.dir * (this.lo + this.bestIdx) : undefined;
    const pos = this.seek(level);
    if (pos === undefined) return undefined;
    return pos >= 0 ? this.dir * (this.lo + pos) : this.dir * this.far.keys[-pos - 1];
  }

  sizeAtLevel(level: number): number {
    if (level === 0) return this.bestIdx >= 0 ? this.sizes[this.bestIdx] : 0;
    const pos = this.seek(level);
    if (pos === undefined) return 0;
    return pos >= 0 ? this.sizes[pos] : this.far.sizes[-pos - 1];
  }

  // ---- inside the window ------------------------------------------------------------------------

  private setAt(idx: number, size: number): void {
    if (size > 0) {
      if (this.sizes[idx] === 0) {
        this.count++;
        this.bits[idx >>> 5] |= 1 << (idx & 31);
        if (idx > this.bestIdx) this.bestIdx = idx;
        this.curLevel = -1;
      }
      this.sizes[idx] = size;
    } else if (this.sizes[idx] > 0) this.removeAt(idx);
  }

  private removeAt(idx: number): void {
    this.sizes[idx] = 0;
    this.bits[idx >>> 5] &= ~(1 << (idx & 31));
    this.curLevel = -1;
    --this.count;
    if (idx === this.bestIdx) this.lostBest(idx);
  }

  /** The best level (at idx) was just removed, and the count already says so. */
  private lostBest(idx: number): void {
    if (this.count === 0) {
      this.bestIdx = -1;
      if (this.far.depth > 0) this.refillFromFar();
    } else this.bestIdx = this.below(idx - 1);
  }

  /** The highest occupied index at or below `from`, or -1. */
  private below(from: number): number {
    if (from < 0) return -1;
    const bits = this.bits;
    let w = from >>> 5;
    const m = bits[w] & (0xffffffff >>> (31 - (from & 31)));
    if (m !== 0) return (w << 5) + 31 - Math.clz32(m);
    // Two words a step: on a book whose levels are far apart in ticks (a LOBSTER price is in
    // 0.0001 on a grid of 0.01) the next level is often dozens of empty words down.
    while (w >= 2) {
      const hi = bits[w - 1];
      const lo = bits[w - 2];
      if ((hi | lo) !== 0) return hi !== 0 ? (w << 5) - 1 - Math.clz32(hi) : (w << 5) - 33 - Math.clz32(lo);
      w -= 2;
    }
    if (w === 1 && bits[0] !== 0) return 31 - Math.clz32(bits[0]);
    return -1;
  }

  /** Walks to the level-th best level from the last one visited (or the best); its position. */
  private seek(level: number): number | undefined {
    if (level >= this.depth) return undefined;
    let at = 0;
    let pos = this.bestIdx;
    if (this.curLevel >= 0 && this.curLevel <= level) {
      at = this.curLevel;
      pos = this.curPos;
    }
    for (; at < level; at++) {
      if (pos >= 0) {
        const next = this.below(pos - 1);
        pos = next >= 0 ? next : -this.far.depth; // the far side's best: index depth - 1
      } else pos++; // one further down the far levels (index - 1)
    }
    this.curLevel = level;
    this.curPos = pos;
    return pos;
  }

  // ---- outside the window: rare, kept out of the hot path ---------------------------------------

  private setOutside(key: number, size: number): void {
    if (!Number.isSafeInteger(key)) throw new RangeError(`book prices are whole ticks, got ${this.dir * key}`);
    this.curLevel = -1;
    if (this.count === 0 && this.far.depth === 0) {
      if (size <= 0) return;
      // An empty side: put the window where the level is, with room above it for better prices.
      this.lo = whole(key - ((this.width * 3) >>> 2));
      this.setAt(whole(key - this.lo), size);
      return;
    }
    if (key >= this.lo + this.width) {
      if (size <= 0) return; // better than the best: no such level
      // The touch left the window: it is too narrow for this market; double it before sliding.
      if (this.width < MAX_WINDOW) this.grow();
      this.moveUp(key);
      this.setAt(whole(key - this.lo), size);
      return;
    }
    // Worse than the window. A new level within reach of a doubled window grows it.
    if (size > 0 && this.width < MAX_WINDOW && key >= this.lo - this.width && this.far.find(key) < 0) {
      this.grow();
      this.setAt(whole(key - this.lo), size);
      return;
    }
    this.far.set(key, size);
  }

  /**
   * A new best above the window: slide the window up; levels it leaves behind go to the far side.
   * The slide is a whole number of bitmap words, so the bitmap moves as words with the sizes.
   */
  private moveUp(key: number): void {
    const w = this.width;
    const shift = (key - ((w * 3) >>> 2) - this.lo + 31) & ~31;
    const leave = Math.min(shift, w);
    // Ascending keys, all better than every far level: appended at the far side's best end.
    const bits = this.bits;
    const sizes = this.sizes;
    for (let word = 0; word < leave >>> 5; word++) {
      let m = bits[word];
      while (m !== 0) {
        const i = (word << 5) + 31 - Math.clz32(m & -m); // lowest set bit first: ascending
        m &= m - 1;
        this.far.push(this.lo + i, sizes[i]);
        sizes[i] = 0;
        this.count--;
      }
    }
    if (shift < w) {
      // Only the occupied levels move (a few against a window of up to 65,536 sizes), in
      // ascending order, so each lands on a slot already emptied: sizes are 0 where no bit is set.
      for (let word = shift >>> 5; word < w >>> 5; word++) {
        let m = bits[word];
        while (m !== 0) {
          const i = (word << 5) + 31 - Math.clz32(m & -m);
          m &= m - 1;
          sizes[i - shift] = sizes[i];
          sizes[i] = 0;
        }
      }
      bits.copyWithin(0, shift >>> 5);
      bits.fill(0, (w - shift) >>> 5);
    } else bits.fill(0);
    this.bestIdx = this.bestIdx >= shift ? this.bestIdx - shift : -1;
    this.lo = whole(this.lo + shift);
  }

  /** The window emptied while far levels remain: move it down onto the best of them. */
  private refillFromFar(): void {
    this.lo = whole(this.far.bestKey() - ((this.width * 3) >>> 2));
    this.pullFromFar();
  }

  /** Doubles the window downwards, taking in the far levels it now covers. */
  private grow(): void {
    const w = this.width;
    const sizes = new Float64Array(2 * w);
    const bits = new Uint32Array((2 * w) >>> 5);
    sizes.set(this.sizes, w);
    bits.set(this.bits, w >>> 5);
    this.sizes = sizes;
    this.bits = bits;
    this.width = 2 * w;
    this.lo = whole(this.lo - w);
    if (this.bestIdx >= 0) this.bestIdx += w;
    this.pullFromFar();
  }

  /** Moves the far levels at or above lo into the window (they sit at the far side's end). */
  private pullFromFar(): void {
    const far = this.far;
    while (far.depth > 0 && far.bestKey() >= this.lo) {
      const idx = whole(far.bestKey() - this.lo);
      this.sizes[idx] = far.popSize();
      this.bits[idx >>> 5] |= 1 << (idx & 31);
      this.count++;
      if (idx > this.bestIdx) this.bestIdx = idx;
    }
  }
}

/**
 * The size to store when old * keep + delta is negative or NaN: a Level after an infinite size
 * (Infinity * 0 is NaN) sets delta; otherwise, and for a NaN or negative result, the level goes
 * (+0), as set and add do.
 */
function oddSize(keep: number, delta: number, size: number): number {
  if (size !== size && keep === 0) size = delta;
  return size > 0 ? size : 0;
}

/**
 * x as a small integer when it is one. Keys read back from the far levels' Float64Array are
 * doubles even when whole, and one stored in `lo` or `bestIdx` turns that field into a boxed
 * double for every BookSide: each update then converts and checks it (about 10 % of the replay).
 */
function whole(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}
