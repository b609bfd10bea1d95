import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../engine/random/seeded-random.js';
import { decodeScore, returnPct, type Leaderboard } from '../game/leaderboard.js';
import { createClass, joinClass } from '../store/classes.js';
import type { Db } from '../store/database.js';
import { changesSince, standingsOf } from '../store/game.js';
import { RedisLeaderboard } from '../store/leaderboard-redis.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { referenceOrder } from '../../test/support/leaderboard-contract.js';
import { startRedisServer, type RedisServer } from '../../test/support/redis-server.js';
import { ingestGame, syncLeaderboard } from './game-ingest.js';
import { account, freshGameDb, SCENARIO, tradeRun, type TradeStep } from '../../test/support/game-helpers.js';

/**
 * The same event stream through both leaderboard stores: every board, every query, the same
 * answer, and both equal to the ranking rule computed from the standings themselves.
 */
describe('Redis and SQLite leaderboards on one event stream', () => {
  let server: RedisServer;
  let redis: RedisLeaderboard;
  let db: Db;
  const rng = new SeededRandom(77);

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await RedisLeaderboard.connect(server.url);
    db = freshGameDb();
    createClass(db, { name: 'fin101', scenario: SCENARIO, rules: { scenarioOnly: true, longOnly: true }, createdAt: '2026-01-01T00:00:00Z' });
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });

  /** Random round trips for 40 accounts over two weeks that cross a month end, with many ties. */
  function trade(days: string[]): void {
    for (let i = 0; i < 40; i++) {
      const name = `${['ann', 'Ben', 'cy', 'Dee'][i % 4]}${i}`;
      const row = db.prepare('SELECT id, name, currency, created_at FROM accounts WHERE name = ?').get(name) as Parameters<typeof tradeRun>[1] | undefined;
      const a = row ?? account(db, name, String(10_000 * (1 + (i % 3))));
      if (!row && i % 2 === 0) joinClass(db, 'fin101', { accountId: a.id, joinedAtMs: Date.parse('2026-01-01T00:00:00Z'), baseEquity: String(10_000 * (1 + (i % 3))), baseFlows: String(10_000 * (1 + (i % 3))) });
      for (const day of days) {
        if (rng.next() < 0.3) continue;
        const steps: TradeStep[] = [];
        const n = 1 + rng.int(4);
        for (let k = 0; k < n; k++) {
          const buy = 100 + rng.int(3);
          steps.push({ side: 'buy', price: buy, qty: 10 }, { side: 'sell', price: buy + rng.int(3) - 1, qty: 10 });
        }
        tradeRun(db, a, `${day}T${String(14 + rng.int(6)).padStart(2, '0')}:00:00Z`, steps, { symbol: rng.next() < 0.5 ? 'XYZ' : 'QRS' });
      }
    }
  }

  async function agree(boards: { sqlite: Leaderboard; redis: Leaderboard }): Promise<number> {
    const keys = (db.prepare('SELECT DISTINCT board FROM game_standings ORDER BY board').all() as { board: string }[]).map((r) => r.board);
    let compared = 0;
    for (const key of keys) {
      const ranked = standingsOf(db, key).filter((s) => s.score !== null);
      const expected = referenceOrder(ranked.map((s) => ({ account: s.account, returnPct: decodeScore(s.score!).returnPct, trades: s.trades })));
      const [a, b] = await Promise.all([boards.sqlite.top(key, 1000), boards.redis.top(key, 1000)]);
      expect(b, key).toEqual(a);
      expect(a.map((r) => r.account), key).toEqual(expected);
      for (const s of ranked) {
        // The stored score is the documented rule applied to the standing.
        expect(decodeScore(s.score!).returnPct).toBeCloseTo(returnPct(s), 4);
        expect(decodeScore(s.score!).trades).toBe(s.trades);
        const [ra, rb] = await Promise.all([boards.sqlite.rank(key, s.account), boards.redis.rank(key, s.account)]);
        expect(rb).toEqual(ra);
        const [pa, pb] = await Promise.all([boards.sqlite.page(key, 5, s.account), boards.redis.page(key, 5, s.account)]);
        expect(pb).toEqual(pa);
        expect(await boards.redis.around(key, s.account, 2)).toEqual(await boards.sqlite.around(key, s.account, 2));
        compared++;
      }
      expect(await boards.redis.size(key)).toBe(await boards.sqlite.size(key));
    }
    return compared;
  }

  it('agree on every board after the first week (day, week, month, all; global and cohort)', async () => {
    trade(['2026-01-26', '2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30']);
    await ingestGame(db, { boards: [redis] });
    const compared = await agree({ sqlite: new SqliteLeaderboard(db), redis });
    expect(compared).toBeGreaterThan(200);
  });

  it('still agree after more events across the month end, caught up incrementally', async () => {
    trade(['2026-01-31', '2026-02-02', '2026-02-03']);
    await ingestGame(db); // only the embedded board moves ...
    await syncLeaderboard(db, redis); // ... and Redis catches up from its own cursor
    await agree({ sqlite: new SqliteLeaderboard(db), redis });
    expect(await redis.cursor()).toBe(await new SqliteLeaderboard(db).cursor());
  });

  it('replaying the stream changes neither store', async () => {
    const before = await redis.top('global|all', 1000);
    await ingestGame(db, { boards: [redis] });
    // Replaying every change from the start is harmless too.
    const all = db.prepare('SELECT MAX(seq) AS m FROM game_standings').get() as { m: number };
    const { changes } = changesSince(db, 0, 1_000_000);
    await redis.apply(changes, all.m);
    await new SqliteLeaderboard(db).apply(changes, all.m);
    expect(await redis.top('global|all', 1000)).toEqual(before);
    await agree({ sqlite: new SqliteLeaderboard(db), redis });
  });
});
