import type { Db } from './database.js';
import { createRun, finishRun } from './runs.js';

/*
 * The workers' own bookkeeping, beside the account schema (migration 4; nothing else in vtrade
 * needs it):
 *   live_exec_progress   per execution lane (group, topic, instrument): how many of its fills
 *                        have been sent, and the last offset decided
 *   live_streams         which paper-account run books the fills of each execution lane
 * The missions worker keeps no tables of its own: the game journal is its idempotency key.
 */

export function fillsSent(db: Db, lane: string): number {
  const row = db.prepare('SELECT fills_sent FROM live_exec_progress WHERE lane = ?').get(lane) as { fills_sent: number } | undefined;
  return row?.fills_sent ?? 0;
}

export function recordProgress(db: Db, lane: string, sent: number, offset: string): void {
  db.prepare(
    `INSERT INTO live_exec_progress (lane, fills_sent, last_offset) VALUES (?, ?, ?)
     ON CONFLICT (lane) DO UPDATE SET fills_sent = MAX(fills_sent, excluded.fills_sent), last_offset = excluded.last_offset`,
  ).run(lane, sent, offset);
}

/** The run that books a lane's fills, once the first of them has been booked. */
export function laneRun(db: Db, stream: string): number | undefined {
  return (db.prepare('SELECT run_id FROM live_streams WHERE stream = ?').get(stream) as { run_id: number } | undefined)?.run_id;
}

/**
 * The run that books a lane's fills into an account: found, or made once. Immediate
 * transaction: two portfolio workers meeting the same new lane during a rebalance make one run,
 * so a fill's event id (run and venue sequence) is the same whoever books it.
 */
export function streamRun(db: Db, args: { stream: string; accountId: number; symbol: string; strategy: string; seed: number; config: unknown; nowIso: string }): number {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT run_id FROM live_streams WHERE stream = ?').get(args.stream) as { run_id: number } | undefined;
      if (row) return row.run_id;
      const run = createRun(db, {
        accountId: args.accountId,
        symbol: args.symbol,
        data: [{ path: args.stream, sha256: '' }],
        strategy: { kind: 'file', path: args.strategy, sha256: '' },
        config: args.config,
        seed: args.seed,
        startCash: '0',
        startPositionLots: 0,
        startCostBasis: '0',
        nowIso: args.nowIso,
      });
      // A stream has no end to resume to: its run is never "interrupted" (replay would wait on it).
      finishRun(db, run.id, 'done', args.nowIso);
      db.prepare('INSERT INTO live_streams (stream, account_id, run_id) VALUES (?, ?, ?)').run(args.stream, args.accountId, run.id);
      return run.id;
    })
    .immediate();
}
