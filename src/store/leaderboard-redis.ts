import { Redis } from 'ioredis';
import { UsageError } from '../errors.js';
import type { BoardChange, BoardPage, Leaderboard, Ranked } from '../game/leaderboard.js';

/** Writes go out in pipelines of this many commands: one round trip each. */
const CHUNK = 10_000;
/** Members per ZADD when consecutive changes hit the same board. */
const ZADD_MEMBERS = 1_000;

/**
 * Leaderboards as Redis sorted sets, one per board, scored so that ascending (score, member) is
 * the documented ranking: ZRANGE gives the top, ZRANK a member's place. Redis 7.0 (Debian's)
 * has no ZRANK ... WITHSCORE, so a member's rank and score come from ZRANK and ZSCORE queued in
 * one MULTI: a single round trip, and a consistent pair even while updates land.
 */
export class RedisLeaderboard implements Leaderboard {
  readonly kind = 'redis' as const;

  constructor(
    readonly redis: Redis,
    private readonly prefix = 'vtrade:lb:',
  ) {}

  /** Connects and checks the server answers; a bad URL or a dead server is a usage error. */
  static async connect(url: string, prefix?: string): Promise<RedisLeaderboard> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, enableOfflineQueue: false });
    redis.on('error', () => {
      // Reported through the failing command below; without a listener ioredis prints it too.
    });
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      throw new UsageError(`cannot reach Redis at ${url} (${(err as Error).message})`, 'check --redis, e.g. redis://127.0.0.1:6379');
    }
    return new RedisLeaderboard(redis, prefix);
  }

  private key(board: string): string {
    return `${this.prefix}b:${board}`;
  }

  async apply(changes: readonly BoardChange[], cursor: number): Promise<void> {
    for (let from = 0; from < changes.length || from === 0; from += CHUNK) {
      const p = this.redis.pipeline();
      const chunk = changes.slice(from, from + CHUNK);
      // A run of score updates to one board goes out as one ZADD with many members: Redis applies
      // them left to right, so a member repeated in the run ends with its last score, as in order.
      for (let i = 0; i < chunk.length; ) {
        const c = chunk[i];
        if (c.score === null) {
          p.zrem(this.key(c.board), c.account);
          i++;
          continue;
        }
        const args: (string | number)[] = [];
        let j = i;
        for (; j < chunk.length && j - i < ZADD_MEMBERS && chunk[j].board === c.board && chunk[j].score !== null; j++) args.push(chunk[j].score!, chunk[j].account);
        p.zadd(this.key(c.board), ...args);
        i = j;
      }
      // The cursor moves only with the last chunk: a crash in between re-applies, which is harmless.
      if (from + CHUNK >= changes.length) p.set(`${this.prefix}cursor`, String(cursor));
      check(await p.exec());
    }
  }

  async cursor(): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}cursor`)) ?? '0');
  }

  async top(board: string, n: number, offset = 0): Promise<Ranked[]> {
    if (n <= 0) return [];
    return ranked(await this.redis.zrange(this.key(board), offset, offset + n - 1, 'WITHSCORES'), offset);
  }

  async rank(board: string, account: string): Promise<Ranked | undefined> {
    const [rank, score] = check(await this.redis.multi().zrank(this.key(board), account).zscore(this.key(board), account).exec());
    return toRanked(account, rank, score);
  }

  async page(board: string, n: number, account?: string): Promise<BoardPage> {
    const key = this.key(board);
    const m = this.redis.multi().zcard(key).zrange(key, 0, Math.max(0, n) - 1, 'WITHSCORES');
    if (account !== undefined) m.zrank(key, account).zscore(key, account);
    const [total, range, rank, score] = check(await m.exec());
    const me = account === undefined ? undefined : toRanked(account, rank, score);
    return { total: Number(total), top: n > 0 ? ranked(range as string[], 0) : [], ...(me ? { me } : {}) };
  }

  async around(board: string, account: string, radius: number): Promise<Ranked[]> {
    const me = await this.rank(board, account);
    if (!me) return [];
    const from = Math.max(0, me.rank - 1 - radius);
    return this.top(board, me.rank + radius - from, from);
  }

  async size(board: string): Promise<number> {
    return this.redis.zcard(this.key(board));
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

function check(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

function ranked(flat: string[], offset: number): Ranked[] {
  const out: Ranked[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ rank: offset + i / 2 + 1, account: flat[i], score: Number(flat[i + 1]) });
  return out;
}

function toRanked(account: string, rank: unknown, score: unknown): Ranked | undefined {
  if (rank === null || rank === undefined || score === null || score === undefined) return undefined;
  return { rank: Number(rank) + 1, account, score: Number(score) };
}
