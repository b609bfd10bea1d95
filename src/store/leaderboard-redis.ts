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
 * one MULTI: a single round trip, and a consistent pair even while updates land. A page (top,
 * size, one member's place) is one Lua script, for the same reasons at less cost per query.
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

  /**
   * The top n and one member's place as one script run on the server: a single command and a
   * single reply (a MULTI of four commands costs the client six commands and four extra
   * replies), consistent because scripts run atomically.
   */
  async page(board: string, n: number, account?: string): Promise<BoardPage> {
    const [total, range, rank, score] = (await this.redis.eval(PAGE_SCRIPT, 1, this.key(board), String(Math.max(0, n)), account ?? '')) as [number, string[], number | null, string | null];
    const me = account === undefined ? undefined : toRanked(account, rank, score);
    return { total: Number(total), top: n > 0 ? ranked(range, 0) : [], ...(me ? { me } : {}) };
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

/** KEYS[1] the board; ARGV[1] how many from the top; ARGV[2] a member, or '' for none. A missing member gives nil rank and score. */
const PAGE_SCRIPT = `
local n = tonumber(ARGV[1])
local top = {}
if n > 0 then top = redis.call('ZRANGE', KEYS[1], 0, n - 1, 'WITHSCORES') end
local rank, score = false, false
if ARGV[2] ~= '' then
  rank = redis.call('ZRANK', KEYS[1], ARGV[2])
  score = redis.call('ZSCORE', KEYS[1], ARGV[2])
end
return { redis.call('ZCARD', KEYS[1]), top, rank, score }
`;

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
