/**
 * A min-heap of things due at a time (ns), with a stable tie-break: items due at the same time
 * run in the order they were scheduled. This is what makes a run a pure function of its inputs.
 *
 * A run schedules several items per order (its arrival, its expiry, a cancel, each report back),
 * tens of thousands in all, so the heap's entries are reused rather than made for each: an entry
 * is free again once the next one is popped (by then the one before has run, or been dropped).
 * An item is a closure, or a task: a kind and its arguments for a TaskRunner, which needs no
 * closure made per item. An item can be taken back before it runs (an order's expiry, once the
 * order is final), so that dead items do not pile up in the heap.
 */
export interface TaskRunner {
  runTask(kind: number, a: unknown, b: unknown, time: bigint): void;
}

export class Scheduled {
  time = 0n;
  /** Numbers the items in the order they were scheduled: an item's own, never reused. */
  seq = 0;
  /** Timers and expiries do not outlive the data; deliveries and arrivals always run. */
  lapses = false;
  /** Where the entry stands in the heap; -1 when it is not in it. */
  index = -1;
  fn: (() => void) | undefined = undefined;
  runner: TaskRunner | undefined = undefined;
  kind = 0;
  a: unknown = undefined;
  b: unknown = undefined;

  /** Runs the item. Its fields are read first, so the entry may be reused while it runs. */
  run(): void {
    const fn = this.fn;
    const runner = this.runner;
    const a = this.a;
    const b = this.b;
    this.fn = undefined;
    this.runner = undefined;
    this.a = undefined;
    this.b = undefined;
    if (fn !== undefined) fn();
    else runner!.runTask(this.kind, a, b, this.time);
  }
}

export class Scheduler {
  private readonly heap: Scheduled[] = [];
  private readonly free: Scheduled[] = [];
  /** The entry pop() returned last: free once the next pop comes. */
  private popped: Scheduled | undefined;
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules a closure. */
  at(time: bigint, run: () => void, lapses = false): Scheduled {
    const item = this.entry(time, lapses);
    item.fn = run;
    this.push(item);
    return item;
  }

  /** Schedules runner.runTask(kind, a, b, time). */
  task(time: bigint, runner: TaskRunner, kind: number, a: unknown, b: unknown, lapses = false): Scheduled {
    const item = this.entry(time, lapses);
    item.runner = runner;
    item.kind = kind;
    item.a = a;
    item.b = b;
    this.push(item);
    return item;
  }

  /** Takes back an item that has not run yet (one that has, or was taken back before, is left alone). */
  cancel(entry: Scheduled, seq: number): void {
    if (entry.seq !== seq || entry.index < 0) return;
    const h = this.heap;
    const i = entry.index;
    const last = h.pop()!;
    entry.index = -1;
    entry.fn = undefined;
    entry.runner = undefined;
    entry.a = undefined;
    entry.b = undefined;
    this.free.push(entry);
    if (last === entry) return;
    // The last entry takes its place, then moves up or down to where it belongs.
    if (i > 0 && before(last, h[(i - 1) >> 1])) this.siftUp(last, i);
    else this.siftDown(last, i);
  }

  /** The earliest time due, or undefined when empty. */
  peekTime(): bigint | undefined {
    return this.heap.length > 0 ? this.heap[0].time : undefined;
  }

  pop(): Scheduled | undefined {
    if (this.popped !== undefined) {
      this.free.push(this.popped);
      this.popped = undefined;
    }
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    top.index = -1;
    const last = h.pop()!;
    if (h.length > 0) this.siftDown(last, 0);
    this.popped = top;
    return top;
  }

  private entry(time: bigint, lapses: boolean): Scheduled {
    const item = this.free.length > 0 ? this.free.pop()! : new Scheduled();
    item.time = time;
    item.seq = this.seq++;
    item.lapses = lapses;
    return item;
  }

  private push(item: Scheduled): void {
    this.heap.push(item);
    this.siftUp(item, this.heap.length - 1);
  }

  private siftUp(item: Scheduled, i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (!before(item, p)) break;
      h[i] = p;
      p.index = i;
      i = parent;
    }
    h[i] = item;
    item.index = i;
  }

  private siftDown(item: Scheduled, i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n && before(h[r], h[l])) m = r;
      const c = h[m];
      if (!before(c, item)) break;
      h[i] = c;
      c.index = i;
      i = m;
    }
    h[i] = item;
    item.index = i;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
