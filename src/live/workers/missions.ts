import type { Db } from '../../store/database.js';
import { SqliteLeaderboard } from '../../store/leaderboard-sqlite.js';
import { RedisLeaderboard } from '../../store/leaderboard-redis.js';
import { scoreBookedFills, syncLeaderboard } from '../../services/game-ingest.js';
import { runGroupWorker, nextOffset } from './group-consumer.js';
import { parseFillMessage } from './fill-message.js';
import { laneRun } from '../../store/live-lanes.js';

export interface MissionsWorkerInput {
  brokers: string[];
  group: string;
  fillsTopic: string;
  db: Db;
  /** A Redis leaderboard (redis://host:port) kept up to date after each batch, beside the embedded one. */
  redisUrl?: string;
  untilIdleMs?: number;
  signal?: AbortSignal;
  warn: (message: string) => void;
  /** How long a batch waits for the portfolio worker to book a fill before it is read again later. */
  bookingWaitMs?: number;
}

export interface MissionsStats {
  messages: number;
  /** Fills applied to the game by this worker. */
  scored: number;
  /** Fills the game had applied already (a re-read batch, or an ingest that met them first). */
  duplicates: number;
  xp: number;
  missionsCompleted: number;
  rewardsCredited: number;
  badges: number;
}

/**
 * The game as a consumer group on the fills topic: each fill becomes a game event (missions,
 * XP, streaks, badges, standings) for its account, and mission rewards are credited through the
 * ledger. The game scores the books, so a fill is applied once the portfolio worker has booked
 * it; until then the batch waits and, after `bookingWaitMs`, is read again later (its offset
 * stays uncommitted). Fills are keyed by account, so one member owns a player's state at a
 * time; the game journal (the event id) keeps every fill to one application across crashes,
 * rebalances and the command-line ingest.
 */
export async function runMissionsWorker(input: MissionsWorkerInput): Promise<MissionsStats> {
  const { db } = input;
  const stats: MissionsStats = { messages: 0, scored: 0, duplicates: 0, xp: 0, missionsCompleted: 0, rewardsCredited: 0, badges: 0 };
  const embedded = new SqliteLeaderboard(db);
  const waitMs = input.bookingWaitMs ?? 3000;
  let boardFailing = false;
  let redis: RedisLeaderboard | undefined;
  const waitedFor = new Set<string>();
  const runs = new Map<string, number>();
  await runGroupWorker({
    brokers: input.brokers,
    group: input.group,
    topic: input.fillsTopic,
    clientId: 'vtrade-missions',
    untilIdleMs: input.untilIdleMs,
    signal: input.signal,
    warn: input.warn,
    handle: async (batch, control) => {
      const fills = batch.messages.map((m) => {
        const { msg, fill } = parseFillMessage(m.value, `kafka topic ${batch.topic} partition ${batch.partition}`, m.offset);
        return { offset: m.offset, account: msg.account, stream: msg.stream, seq: fill.seq };
      });
      let done = 0;
      const deadline = performance.now() + waitMs;
      while (done < fills.length) {
        const r = scoreBookedFills(db, fills.slice(done).map((f) => bookedId(f.stream, f.seq)));
        done += r.taken;
        stats.scored += r.applied;
        stats.xp += r.summary.xp;
        stats.missionsCompleted += r.summary.missionsCompleted.length;
        stats.rewardsCredited += r.summary.rewardsCredited;
        stats.badges += r.summary.badges.length;
        if (r.pending === undefined) break;
        if (performance.now() >= deadline) {
          const f = fills[done];
          if (!waitedFor.has(f.stream)) {
            waitedFor.add(f.stream);
            input.warn(`fill ${f.seq} of ${f.stream} (account ${f.account}) is not booked yet: is a portfolio worker running on this database? The missions worker reads it again later`);
          }
          control.seek(f.offset);
          stats.messages += done;
          await syncBoards();
          return done === 0 ? undefined : nextOffset(fills[done - 1].offset);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
        await control.heartbeat();
      }
      stats.messages += fills.length;
      await syncBoards();
      return fills.length === 0 ? undefined : nextOffset(fills[fills.length - 1].offset);
    },
  });
  await redis?.close().catch(() => {});
  stats.duplicates = stats.messages - stats.scored;
  return stats;

  /** The booked fill's event id; one that cannot exist while the lane has no run (none of its fills booked yet). */
  function bookedId(stream: string, seq: number): string {
    let run = runs.get(stream);
    if (run === undefined) {
      run = laneRun(db, stream);
      if (run === undefined) return `${stream}#unbooked`;
      runs.set(stream, run); // a lane's run never changes once made
    }
    return `run:${run}:fill:${seq}`;
  }

  async function syncBoards(): Promise<void> {
    await syncLeaderboard(db, embedded);
    if (!input.redisUrl) return;
    try {
      // A lost connection is not retried by the client: the next batch connects afresh.
      redis ??= await RedisLeaderboard.connect(input.redisUrl);
      await syncLeaderboard(db, redis);
      if (boardFailing) input.warn('the Redis leaderboard is reachable again and caught up');
      boardFailing = false;
    } catch (err) {
      // The standings are in SQLite; the board catches up from its own cursor once it answers.
      if (!boardFailing) input.warn(`the Redis leaderboard was not updated (${(err as Error).message}); it catches up once it answers`);
      boardFailing = true;
      await redis?.close().catch(() => {});
      redis = undefined;
    }
  }
}
