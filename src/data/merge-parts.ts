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
  /** Where the latest run taken from the batch began. */
  from: number;
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
 * Takes the next run of the merge: the part whose next event comes first (the earlier part at
 * equal times), and its events up to the other parts' next one. Moves that part's cursor past
 * them and returns the part, or -1 when every part is done.
 */
function takeRun(cursors: Cursor[]): number {
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
  if (p < 0) return -1;
  const c = cursors[p];
  const batch = c.batch;
  let clock = c.clock;
  let j = c.at;
  // Run on while this part's events come before the other part's next one.
  while (j < batch.length) {
    const ts = batch[j].tsExch;
    const k = ts > clock ? ts : clock;
    if (q >= 0 && (k > qk || (k === qk && p > q))) break;
    clock = k;
    j++;
  }
  c.clock = clock;
  c.from = c.at;
  c.at = j;
  if (c.span === undefined) c.span = { first: pk, last: clock };
  else c.span.last = clock;
  return p;
}

const openCursors = (parts: readonly MarketData[]): Cursor[] =>
  parts.map((p) => ({ it: p.events()[Symbol.asyncIterator](), batch: [], at: 0, from: 0, clock: -1n, span: undefined, done: false }));

/** A sink that threw (or a consumer that stopped) leaves the other readers open: close them. */
const closeCursors = async (cursors: Cursor[]): Promise<void> => {
  await Promise.all(cursors.filter((c) => !c.done).map(async (c) => void (await c.it.return?.())));
};

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
  const cursors = openCursors(parts);
  await Promise.all(cursors.map(refill));
  laps?.read();
  let events = 0;
  try {
    for (;;) {
      const p = takeRun(cursors);
      if (p < 0) break;
      const c = cursors[p];
      sink(p, c.batch, c.from, c.at);
      events += c.at - c.from;
      if (c.at === c.batch.length) {
        onProgress?.(events);
        laps?.engine();
        await refill(c);
        laps?.read();
      }
    }
  } finally {
    await closeCursors(cursors);
  }
  return cursors.map((c) => c.span);
}

/** Events of one part, in merged order: `events` are consecutive events of the part at `market`. */
export interface PartBatch {
  market: number;
  events: MarketEvent[];
}

/**
 * The same merge as mergeParts, pulled rather than pushed: for a consumer that waits between
 * batches (a paced replay, a feed publisher, the terminal UI). Each batch is one part's run of
 * events; `spans` holds each part's span once the merge is over.
 */
export async function* mergedBatches(parts: readonly MarketData[], spans: (PartSpan | undefined)[] = []): AsyncGenerator<PartBatch> {
  const cursors = openCursors(parts);
  try {
    await Promise.all(cursors.map(refill));
    for (;;) {
      const p = takeRun(cursors);
      if (p < 0) break;
      const c = cursors[p];
      yield { market: p, events: c.from === 0 && c.at === c.batch.length ? c.batch : c.batch.slice(c.from, c.at) };
      if (c.at === c.batch.length) await refill(c);
    }
    cursors.forEach((c, i) => (spans[i] = c.span));
  } finally {
    await closeCursors(cursors);
  }
}

/** One instrument's batches in the shape of a merge's, for consumers of either. */
export async function* onePart(data: MarketData): AsyncGenerator<PartBatch> {
  for await (const events of data.events()) yield { market: 0, events };
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
