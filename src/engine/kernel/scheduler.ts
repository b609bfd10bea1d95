/**
 * A min-heap of things due at a time (ns), with a stable tie-break: items due at the same time
 * run in the order they were scheduled. This is what makes a run a pure function of its inputs.
 *
 * Beside the heap, a lane: a first-in first-out run of items all due at one time. With no
 * latency, nearly everything an order causes (its arrival, a cancel, each report back) is due at
 * the clock's time, scheduled in seq order: those are appended to the lane and taken from its
 * front, where the heap would sift each in and out. Items are still taken in (time, seq) order:
 * the lane is in that order by construction, and pop compares its front with the heap's top.
 * Timers and expiries (lapsing items, usually far off) always go to the heap.
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
  /** Where the entry stands in the heap; -1 when it is not in it, IN_LANE or DEAD_IN_LANE in the lane. */
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

/** Index of an entry waiting in the lane, and of one taken back there (freed when the lane reaches it). */
const IN_LANE = -2;
const DEAD_IN_LANE = -3;

export class Scheduler {
  private readonly heap: Scheduled[] = [];
  private readonly free: Scheduled[] = [];
  /** lane[laneHead] up to lane[laneEnd - 1], all due at laneTime (the array keeps its length: refilling it allocates nothing). */
  private readonly lane: Scheduled[] = [];
  private laneHead = 0;
  private laneEnd = 0;
  private laneTime = 0n;
  /** Items in the lane not taken back. */
  private laneLive = 0;
  /** The entry pop() returned last: free once the next pop comes. */
  private popped: Scheduled | undefined;
  private seq = 0;

  get size(): number {
    return this.heap.length + this.laneLive;
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
    if (entry.seq !== seq) return;
    if (entry.index === IN_LANE) {
      // Still held by the lane: freed once the lane's front reaches it.
      entry.index = DEAD_IN_LANE;
      entry.fn = undefined;
      entry.runner = undefined;
      entry.a = undefined;
      entry.b = undefined;
      this.laneLive--;
      return;
    }
    if (entry.index < 0) return;
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
    const l = this.laneFront();
    const h = this.heap.length > 0 ? this.heap[0] : undefined;
    if (l === undefined) return h?.time;
    return h !== undefined && h.time < l.time ? h.time : l.time;
  }

  pop(): Scheduled | undefined {
    if (this.popped !== undefined) {
      this.free.push(this.popped);
      this.popped = undefined;
    }
    const l = this.laneFront();
    const h = this.heap;
    if (l !== undefined && (h.length === 0 || before(l, h[0]))) {
      this.laneHead++;
      this.laneLive--;
      l.index = -1;
      this.popped = l;
      return l;
    }
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
    if (!item.lapses && (this.laneLive === 0 ? this.emptyLane(item.time) : item.time === this.laneTime)) {
      const lane = this.lane;
      if (this.laneEnd < lane.length) lane[this.laneEnd] = item;
      else lane.push(item);
      this.laneEnd++;
      this.laneLive++;
      item.index = IN_LANE;
      return;
    }
    this.heap.push(item);
    this.siftUp(item, this.heap.length - 1);
  }

  /** The lane holds nothing live: its dead entries are freed and it starts over, due at `time`. */
  private emptyLane(time: bigint): boolean {
    while (this.laneHead < this.laneEnd) this.freeDead(this.lane[this.laneHead++]);
    this.laneHead = 0;
    this.laneEnd = 0;
    this.laneTime = time;
    return true;
  }

  /** The lane's first live item, past any taken back (which are freed). */
  private laneFront(): Scheduled | undefined {
    const lane = this.lane;
    while (this.laneHead < this.laneEnd) {
      const l = lane[this.laneHead];
      if (l.index !== DEAD_IN_LANE) return l;
      this.laneHead++;
      this.freeDead(l);
    }
    return undefined;
  }

  private freeDead(entry: Scheduled): void {
    entry.index = -1;
    this.free.push(entry);
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
