import type { Db } from '../../store/database.js';
import { createRun, finishRun } from '../../store/runs.js';

/**
 * The workers' own bookkeeping, beside the account schema in the same database (created on first
 * use; nothing in it is needed by the rest of vtrade):
 *   live_exec_progress   per execution lane (group, topic, instrument): how many of its fills
 *                        have been sent, and the last offset decided
 *   live_streams         which paper-account run books the fills of each execution lane
 *   live_mission_events  fill events the missions worker has counted (its idempotency key)
 *   live_mission_progress per account: fills and traded notional, for missions to read
 */
export function ensureWorkerTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS live_exec_progress (
      lane TEXT PRIMARY KEY,
      fills_sent INTEGER NOT NULL,
      last_offset TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS live_streams (
      stream TEXT PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id),
      run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE TABLE IF NOT EXISTS live_mission_events (
      event_id TEXT PRIMARY KEY,
      account TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS live_mission_progress (
      account TEXT PRIMARY KEY,
      fills INTEGER NOT NULL,
      notional TEXT NOT NULL
    );
  `);
}

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
