import { UsageError } from '../errors.js';
import { boardKey, cohortScope, decodeScore, GLOBAL, MIN_TRADES, type Leaderboard, type Period, type Ranked } from '../game/leaderboard.js';
import { findClass } from '../store/classes.js';
import type { Db } from '../store/database.js';
import { RedisLeaderboard } from '../store/leaderboard-redis.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { ingestGame } from './game-ingest.js';

export interface BoardRow {
  rank: number;
  account: string;
  return_pct: number;
  trades: number;
}

const boardRow = (r: Ranked): BoardRow => ({ rank: r.rank, account: r.account, ...renameReturn(decodeScore(r.score)) });
const renameReturn = (d: { returnPct: number; trades: number }) => ({ return_pct: d.returnPct, trades: d.trades });

export interface BoardQuery {
  period: Period;
  /** global, or a class name (class:<name> and cohort:<name> also work). */
  scope: string;
  /** Wall time (ms) the period is taken at. */
  at: number;
  top: number;
  /** Rows around this account instead of the top, `radius` on each side. */
  around?: string;
  radius: number;
  /** Rank from the Redis board at this URL (brought up to date first) instead of the embedded one. */
  redis?: string;
}

/**
 * One leaderboard as people and scripts read it: the books' news taken in first (and the Redis
 * board brought up to date), then the top rows or the rows around an account.
 */
export async function readLeaderboard(db: Db, q: BoardQuery) {
  let scope = GLOBAL;
  if (q.scope !== GLOBAL) {
    const name = q.scope.startsWith('class:') ? q.scope.slice(6) : q.scope.startsWith('cohort:') ? q.scope.slice(7) : q.scope;
    scope = cohortScope(findClass(db, name).name);
  }
  const board = boardKey(scope, q.period, q.at);
  const redis = q.redis ? await RedisLeaderboard.connect(q.redis) : undefined;
  try {
    await ingestGame(db, { boards: redis ? [redis] : [] });
    const lb: Leaderboard = redis ?? new SqliteLeaderboard(db);
    const page = await lb.page(board, q.top, q.around);
    if (q.around !== undefined && !page.me) {
      throw new UsageError(`"${q.around}" is not ranked on ${board}`, `it needs at least ${MIN_TRADES[q.period]} trades in the period`);
    }
    const rows = (q.around !== undefined ? await lb.around(board, q.around, q.radius) : page.top).map(boardRow);
    return { board, period: q.period, scope, store: lb.kind, total: page.total, rows, ...(page.me ? { me: boardRow(page.me) } : {}) };
  } finally {
    await redis?.close();
  }
}
