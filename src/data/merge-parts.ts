import type { MarketEvent } from '../engine/model/events.js';
import type { MarketData } from './market-data.js';

/** Receives events `from` to `to` (exclusive) of a batch of part `market`, in merged order. */
export type EventSink = (market: number, batch: readonly MarketEvent[], from: number, to: number) => void;

/** A part's first and last time in the merge (its clock), or undefined when it had no events. */
export interface PartSpan {
  first: bigint;
  last: bigint;
}

interface Cursor {
  it: AsyncIterator<MarketEvent[]>;
  batch: MarketEvent[];
  at: number;
  /** The part's own clock: the latest exchange time seen, which never goes back. */
  clock: bigint;
  span: PartSpan | undefined;
  done: boolean;
}

/** The time a part's next event takes in the merge: its exchange time, or the part's clock if that is later. */
const headKey = (c: Cursor): bigint => {
  const ts = c.batch[c.at].tsExch;
  return ts > c.clock ? ts : c.clock;
};

async function refill(c: Cursor): Promise<void> {
  for (;;) {
    const r = await c.it.next();
    if (r.done) {
      c.done = true;
      return;
    }
    if (r.value.length > 0) {
      c.batch = r.value;
      c.at = 0;
      return;
    }
  }
}

/**
 * Merges several parts' event streams into one by exchange time: a k-way merge with a stable
 * tie-break (at equal times the earlier part goes first). Each part is keyed by its own clock
 * (the latest exchange time it has shown, so an event stamped behind it takes its clock's time,
 * as the kernel would process it in a run of that part alone): every part's events keep their
 * order and their times, whatever the other parts hold.
 *
 * Events go to the sink in runs (a slice of one part's batch) rather than one by one, and
 * nothing is allocated per event. Returns each part's span, for the caller to judge overlap.
 */
export async function mergeParts(
  parts: readonly MarketData[],
  sink: EventSink,
  onProgress?: (events: number) => void,
  /** Told when reading a batch starts (`engine`: the time before it was the sink's) and ends (`read`). */
  laps?: { read(): void; engine(): void },
): Promise<(PartSpan | undefined)[]> {
  const cursors: Cursor[] = parts.map((p) => ({ it: p.events()[Symbol.asyncIterator](), batch: [], at: 0, clock: -1n, span: undefined, done: false }));
  await Promise.all(cursors.map(refill));
  laps?.read();
  let events = 0;
  try {
    for (;;) {
      // The part whose next event comes first (the earlier part at equal times), and the next after it.
      let p = -1;
      let pk = 0n;
      let q = -1;
      let qk = 0n;
      for (let i = 0; i < cursors.length; i++) {
        if (cursors[i].done) continue;
        const k = headKey(cursors[i]);
        if (p < 0 || k < pk) {
          q = p;
          qk = pk;
          p = i;
          pk = k;
        } else if (q < 0 || k < qk) {
          q = i;
          qk = k;
        }
      }
      if (p < 0) break;
      const c = cursors[p];
      const batch = c.batch;
      const from = c.at;
      let clock = c.clock;
      let j = from;
      // Run on while this part's events come before the other part's next one.
      while (j < batch.length) {
        const ts = batch[j].tsExch;
        const k = ts > clock ? ts : clock;
        if (q >= 0 && (k > qk || (k === qk && p > q))) break;
        clock = k;
        j++;
      }
      c.clock = clock;
      c.at = j;
      if (c.span === undefined) c.span = { first: pk, last: clock };
      else c.span.last = clock;
      sink(p, batch, from, j);
      events += j - from;
      if (j === batch.length) {
        onProgress?.(events);
        laps?.engine();
        await refill(c);
        laps?.read();
      }
    }
  } finally {
    // A sink that threw leaves the other readers open: close them.
    await Promise.all(cursors.filter((c) => !c.done).map(async (c) => void (await c.it.return?.())));
  }
  return cursors.map((c) => c.span);
}

/**
 * A warning when some part's span never overlaps another's: the strategy then sees one
 * instrument after the other, never both at once. Undefined when every part overlaps some other.
 */
export function overlapWarning(names: readonly string[], spans: readonly (PartSpan | undefined)[]): string | undefined {
  const apart: string[] = [];
  spans.forEach((s, i) => {
    if (s === undefined) return;
    const overlaps = spans.some((o, j) => j !== i && o !== undefined && o.first <= s.last && s.first <= o.last);
    if (!overlaps) apart.push(names[i]);
  });
  if (apart.length === 0) return undefined;
  const list = spans.map((s, i) => `${names[i]} ${s ? `${iso(s.first)} to ${iso(s.last)}` : 'no events'}`).join('; ');
  return `the data parts never overlap in time (${apart.join(', ')} ${apart.length === 1 ? 'trades' : 'trade'} alone): ${list}`;
}

const iso = (ns: bigint): string => new Date(Number(ns / 1_000_000n)).toISOString();
