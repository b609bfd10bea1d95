/**
 * The levels of one book side that lie outside its tick window (see book-side.ts): a sorted pair of
 * typed arrays of key and size, ascending by key, so the best of them (the largest key) is LAST.
 * Keys are prices signed so that larger is better (bids: price, asks: -price). Few updates reach
 * these levels, and those that do land mostly near the window's edge, i.e. near the end of the
 * arrays, where inserts and removals shift little. Hand-written: a tree of objects from a
 * sorted-map library allocates per level and was several times slower than this on the replay
 * path (a plain sorted array is what the whole book used to be).
 */
export class FarLevels {
  keys = new Float64Array(16);
  sizes = new Float64Array(16);
  depth = 0;

  clear(): void {
    this.depth = 0;
  }

  /** Index of the key, or -(insertion point) - 1 when absent. Looks at the best end first. */
  find(key: number): number {
    const keys = this.keys;
    let hi = this.depth - 1;
    for (let k = 0; k < 4 && hi >= 0; k++, hi--) {
      const d = keys[hi] - key;
      if (d === 0) return hi;
      if (d < 0) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = keys[mid] - key;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  sizeAt(key: number): number {
    const i = this.find(key);
    return i >= 0 ? this.sizes[i] : 0;
  }

  /** Sets the size at a key; 0 or less removes the level. */
  set(key: number, size: number): void {
    const i = this.find(key);
    if (i >= 0) {
      if (size > 0) this.sizes[i] = size;
      else this.removeAt(i);
    } else if (size > 0) this.insertAt(-i - 1, key, size);
  }

  /** Adds a delta at a key as L2Book.add does; returns the size there after it. */
  add(key: number, delta: number): number {
    const i = this.find(key);
    if (i >= 0) {
      const size = this.sizes[i] + delta;
      if (size > 0) this.sizes[i] = size;
      else this.removeAt(i);
      return size;
    }
    if (delta > 0) this.insertAt(-i - 1, key, delta);
    return delta;
  }

  /** Appends a level better than every level held (the caller knows it is). */
  push(key: number, size: number): void {
    this.insertAt(this.depth, key, size);
  }

  /** The best key held; only when depth > 0. */
  bestKey(): number {
    return this.keys[this.depth - 1];
  }

  /** Removes the best level, returning its size. */
  popSize(): number {
    return this.sizes[--this.depth];
  }

  private insertAt(at: number, key: number, size: number): void {
    if (this.depth === this.keys.length) this.grow();
    if (at < this.depth) {
      this.keys.copyWithin(at + 1, at, this.depth);
      this.sizes.copyWithin(at + 1, at, this.depth);
    }
    this.keys[at] = key;
    this.sizes[at] = size;
    this.depth++;
  }

  private removeAt(i: number): void {
    const last = this.depth - 1;
    if (i < last) {
      this.keys.copyWithin(i, i + 1, this.depth);
      this.sizes.copyWithin(i, i + 1, this.depth);
    }
    this.depth = last;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const sizes = new Float64Array(this.sizes.length * 2);
    keys.set(this.keys);
    sizes.set(this.sizes);
    this.keys = keys;
    this.sizes = sizes;
  }
}
