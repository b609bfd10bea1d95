/**
 * A min-heap of things due at a time (ns), with a stable tie-break: items due at the same time
 * run in the order they were scheduled. This is what makes a run a pure function of its inputs.
 */
export interface Scheduled {
  time: bigint;
  seq: number;
  run: () => void;
  /** Timers and expiries do not outlive the data; deliveries and arrivals always run. */
  lapses: boolean;
}

export class Scheduler {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  at(time: bigint, run: () => void, lapses = false): void {
    const item: Scheduled = { time, seq: this.seq++, run, lapses };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = item;
  }

  /** The earliest time due, or undefined when empty. */
  peekTime(): bigint | undefined {
    return this.heap[0]?.time;
  }

  pop(): Scheduled | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let best = last;
        if (l < h.length && before(h[l], best)) {
          m = l;
          best = h[l];
        }
        if (r < h.length && before(h[r], best)) m = r;
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
