import type { Db } from '../store/database.js';
import { RedisLeaderboard } from '../store/leaderboard-redis.js';
import { syncLeaderboard } from './game-ingest.js';

/**
 * Brings the Redis leaderboard at `url` up to date with the account database's standings, at the
 * end of a run (after its game ingest). The fills are booked already, so a Redis failure only
 * warns: the next sync (any run with --redis, or `vtrade leaderboard --redis`) catches up from
 * the board's own cursor.
 */
export async function syncRedisAfterRun(db: Db, url: string, warn: (message: string) => void): Promise<void> {
  let board: RedisLeaderboard | undefined;
  try {
    board = await RedisLeaderboard.connect(url);
    await syncLeaderboard(db, board);
  } catch (err) {
    warn(`the Redis leaderboard at ${url} was not updated (${(err as Error).message}); it catches up on the next sync`);
  } finally {
    await board?.close().catch(() => {});
  }
}
