import type { Db } from './database.js';
import { stmt } from './statements.js';

/** Consecutive records a live run met from one partition: offsets `from` to `to`, both met. */
export interface FeedSegment {
  partition: number;
  from: string;
  to: string;
}

/**
 * Keeps segments of a run's feed order from `first` on (their places in the order): a segment
 * written before is written again with its end moved, one met anew is added. One transaction.
 */
export function saveFeedOrder(db: Db, runId: number, first: number, segments: readonly FeedSegment[]): void {
  const put = stmt(
    db,
    `INSERT INTO run_feed_order (run_id, seq, partition, from_offset, to_offset) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id, seq) DO UPDATE SET partition = excluded.partition, from_offset = excluded.from_offset, to_offset = excluded.to_offset`,
  );
  db.transaction(() => segments.forEach((s, i) => put.run(runId, first + i, s.partition, s.from, s.to)))();
}

/** The order a run met its feed's records in, as recorded (empty when it was never needed). */
export function feedOrder(db: Db, runId: number): FeedSegment[] {
  const rows = stmt(db, 'SELECT partition, from_offset, to_offset FROM run_feed_order WHERE run_id = ? ORDER BY seq').all(runId) as { partition: number; from_offset: string; to_offset: string }[];
  return rows.map((r) => ({ partition: r.partition, from: r.from_offset, to: r.to_offset }));
}
