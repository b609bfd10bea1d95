import { L2Book } from '../engine/book/l2-book.js';
import type { MarketData } from '../data/market-data.js';

export interface ReplayStats {
  events: number;
  seconds: number;
  events_per_second: number;
  peak_rss_bytes: number;
}

/** Replays the book only, no strategy, and measures throughput and peak memory. */
export async function replayBook(
  data: MarketData,
  onProgress?: (events: number) => void,
  fastPath?: (book: L2Book) => Promise<number>,
): Promise<ReplayStats> {
  const book = new L2Book();
  const start = process.hrtime.bigint();
  let events = 0;
  if (fastPath) {
    events = await fastPath(book);
  } else {
    for await (const batch of data.events()) {
      for (let i = 0; i < batch.length; i++) book.apply(batch[i]);
      events += batch.length;
      onProgress?.(events);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    events,
    seconds: Number(seconds.toFixed(6)),
    events_per_second: seconds > 0 ? Math.round(events / seconds) : 0,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  };
}
