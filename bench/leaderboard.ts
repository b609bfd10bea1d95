/**
 * The Redis leaderboard at scale: one board of 1,000,000 members on a private redis-server
 * (loopback, no persistence).
 *
 *   updates/s   changes pushed through RedisLeaderboard.apply: pipelines of 10,000 ZADDs, first
 *               inserting 1M members, then moving all 1M to new scores
 *   query       RedisLeaderboard.page(board, 100, account): the top 100 plus one random account's
 *               rank and score, one MULTI round trip; latency percentiles over 5,000 queries,
 *               next to a bare PING's (the loopback floor under the machine's current load)
 *
 *   node --expose-gc --import tsx bench/leaderboard.ts [--redis redis://host:port]   (default: starts its own server)
 *
 * --expose-gc (npm run bench passes it): the 2M updates before the queries leave a large heap of
 * garbage; it is collected before the queries are timed, so their tail is the query's own.
 */
import { SeededRandom } from '../src/engine/random/seeded-random.js';
import { encodeScore, type BoardChange } from '../src/game/leaderboard.js';
import { RedisLeaderboard } from '../src/store/leaderboard-redis.js';
import { startRedisServer, type RedisServer } from '../test/support/redis-server.js';

const MEMBERS = 1_000_000;
const QUERIES = 5_000;
const WARMUP = 500;
const BOARD = 'bench|all';

const urlArg = process.argv.indexOf('--redis');
const server: RedisServer | undefined = urlArg > 0 ? undefined : await startRedisServer();
const url = urlArg > 0 ? process.argv[urlArg + 1] : server!.url;
const lb = await RedisLeaderboard.connect(url, `vtrade:bench:${process.pid}:`);

try {
  const rng = new SeededRandom(20260309);
  const name = (i: number) => `acct${i}`;
  const change = (i: number, round: number): BoardChange => ({ board: BOARD, account: name(i), score: encodeScore((rng.int(200_001) - 100_000) / 1_000, 10 + rng.int(500 + round)) });
  const rate = (label: string, secs: number) => console.log(`${label}: ${secs.toFixed(2)} s, ${Math.round(MEMBERS / secs).toLocaleString('en-US')} updates/s`);

  // RedisLeaderboard.apply, as the ingest uses it: 10,000 changes per pipeline; runs of changes to
  // one board go out as multi-member ZADDs.
  for (const [label, round] of [['apply: insert 1M members', 0], ['apply: move all 1M to new scores', 1]] as const) {
    let secs = 0;
    for (let from = 0; from < MEMBERS; from += 100_000) {
      const batch = Array.from({ length: 100_000 }, (_, k) => change(from + k, round));
      const t0 = performance.now();
      await lb.apply(batch, round + 1);
      secs += (performance.now() - t0) / 1000;
    }
    rate(label, secs);
  }
  // The plainest form: one ZADD command per update, 10,000 commands per pipeline.
  {
    const key = `vtrade:bench:${process.pid}:b:${BOARD}`;
    let secs = 0;
    for (let from = 0; from < MEMBERS; from += 10_000) {
      const batch = Array.from({ length: 10_000 }, (_, k) => change(from + k, 2));
      const t0 = performance.now();
      const p = lb.redis.pipeline();
      for (const c of batch) p.zadd(key, c.score!, c.account);
      const res = await p.exec();
      if (!res || res.some(([err]) => err)) throw new Error('pipeline failed');
      secs += (performance.now() - t0) / 1000;
    }
    rate('one ZADD per update, pipelined: move all 1M', secs);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  else console.error('note: run with node --expose-gc: the set-up garbage is then collected before the queries are timed');
  console.log(`members: ${(await lb.size(BOARD)).toLocaleString('en-US')}`);

  // The same loop with a bare PING: the floor any query can reach on this machine right now.
  const percentiles = async (label: string, query: () => Promise<void>) => {
    const lat: number[] = [];
    for (let i = 0; i < WARMUP + QUERIES; i++) {
      const t0 = performance.now();
      await query();
      if (i >= WARMUP) lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))].toFixed(3);
    console.log(`${label} (${QUERIES} queries): p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${lat[lat.length - 1].toFixed(3)} ms`);
  };
  await percentiles("top 100 + one account's rank", async () => {
    const page = await lb.page(BOARD, 100, name(rng.int(MEMBERS)));
    if (page.top.length !== 100 || !page.me) throw new Error('bad page');
  });
  await percentiles('baseline: PING round trip', async () => {
    await lb.redis.ping();
  });
  await lb.redis.del(`vtrade:bench:${process.pid}:b:${BOARD}`, `vtrade:bench:${process.pid}:cursor`);
} finally {
  await lb.close();
  await server?.stop();
}
