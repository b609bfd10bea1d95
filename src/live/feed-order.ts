import type { Db } from '../store/database.js';
import { saveFeedOrder, type FeedSegment } from '../store/feed-order.js';
import type { FeedHandlers, LiveFeed } from './feeds.js';
import type { FeedMessage, FeedPosition } from './wire.js';

/**
 * The order a live run meets its records in, when they come from several partitions (Kafka
 * keeps order within a partition only): runs of consecutive records from one partition. It is
 * kept in SQLite before each fill is booked, so whatever fills are booked, the order that made
 * them can be read again (see inRecordedOrder).
 */
export class FeedOrderLog {
  private readonly segments: FeedSegment[] = [];
  /** Segments kept as they stand (the last of them may have grown since). */
  private kept = 0;
  private grown = false;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
  ) {}

  /** A record goes to the engine. */
  note(at: FeedPosition | undefined): void {
    if (!at) return;
    const last = this.segments[this.segments.length - 1];
    if (last && last.partition === at.partition) last.to = at.offset;
    else this.segments.push({ partition: at.partition, from: at.offset, to: at.offset });
    this.grown = true;
  }

  /** Before a fill is booked: the order up to the record that made it is on disk. */
  keep(): void {
    if (!this.grown) return;
    const first = Math.max(0, this.kept - 1);
    saveFeedOrder(this.db, this.runId, first, this.segments.slice(first));
    this.kept = this.segments.length;
    this.grown = false;
  }
}

/**
 * A feed that gives a resumed run its records in the order its run met them: records are held
 * by partition until their segment of `order` comes, then passed on in it; once the recorded
 * order is used up, the held records go on in the order they arrived and the rest pass through.
 * A segment passes every record of its partition up to its last offset, those of instruments the
 * run skips included (it skips them again).
 */
export function inRecordedOrder(feed: LiveFeed, order: readonly FeedSegment[]): LiveFeed {
  return {
    source: feed.source,
    start(h: FeedHandlers) {
      const held = new Map<number, { m: FeedMessage; arrived: number }[]>();
      let arrived = 0;
      let next = 0;
      const passed = new Map<number, bigint>();
      const pass = (m: FeedMessage) => {
        if (m.at) passed.set(m.at.partition, BigInt(m.at.offset));
        h.onMessage(m);
      };
      const release = () => {
        while (next < order.length) {
          const seg = order[next];
          const end = BigInt(seg.to);
          const queue = held.get(seg.partition) ?? [];
          let n = 0;
          while (n < queue.length && BigInt(queue[n].m.at!.offset) <= end) pass(queue[n++].m);
          queue.splice(0, n);
          if ((passed.get(seg.partition) ?? -1n) < end) return; // the segment's records are still on their way
          next++;
        }
        // The recorded order is used up: whatever is held goes on as it arrived.
        const rest = [...held.values()].flat().sort((a, b) => a.arrived - b.arrived);
        held.clear();
        for (const r of rest) pass(r.m);
      };
      return feed.start({
        ...h,
        onMessage(m) {
          if (next >= order.length || !m.at) return h.onMessage(m);
          const queue = held.get(m.at.partition) ?? [];
          queue.push({ m, arrived: arrived++ });
          held.set(m.at.partition, queue);
          release();
        },
      });
    },
    stop: () => feed.stop(),
  };
}
