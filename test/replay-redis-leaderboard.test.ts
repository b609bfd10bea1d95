import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { runCli } from './support/run-cli.js';

const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const dir = mkdtempSync(join(tmpdir(), 'vtrade-lb-redis-'));
const env = { VTRADE_DB: join(dir, 'paper.db'), VTRADE_FROM_SOURCE: '1' };
const cli = (args: string[]) => runCli(args, { env });

/** Members of every leaderboard set in Redis, without going through vtrade (which would sync first). */
async function boardMembers(url: string): Promise<Set<string>> {
  const r = new Redis(url);
  try {
    const keys = await r.keys('vtrade:lb:b:*');
    const out = new Set<string>();
    for (const k of keys) for (const m of await r.zrange(k, 0, -1)) out.add(m);
    return out;
  } finally {
    r.disconnect();
  }
}

describe('--redis on replay and live: the leaderboard is synced at the end of the run', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('replay --account --redis puts the account on the Redis board; leaderboard --redis shows it', async () => {
    expect(cli(['account', 'create', 'alice', '--cash', '100000']).code).toBe(0);
    expect(await boardMembers(redis.url)).not.toContain('alice');
    const r = cli(['replay', SYN, '--account', 'alice', '--strategy', MM, '--redis', redis.url, '--json']);
    expect(r.stderr).not.toContain('warning: the Redis leaderboard');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).fills).toBeGreaterThan(0);
    // In Redis before any leaderboard command ran.
    expect(await boardMembers(redis.url)).toContain('alice');
    const lb = cli(['leaderboard', '--period', 'all', '--redis', redis.url, '--json']);
    expect(lb.code).toBe(0);
    expect(lb.stdout).toContain('"alice"');
  });

  it('live --data --account --redis brings the Redis board up to the account database', async () => {
    // dave's standings reach SQLite only (no --redis)...
    expect(cli(['account', 'create', 'dave', '--cash', '100000']).code).toBe(0);
    expect(cli(['replay', SYN, '--account', 'dave', '--strategy', MM, '--json']).code).toBe(0);
    expect(await boardMembers(redis.url)).not.toContain('dave');
    // ...and a live run with --redis syncs them at its end.
    expect(cli(['account', 'create', 'bob', '--cash', '100000']).code).toBe(0);
    const r = cli(['live', '--data', SYN, '--account', 'bob', '--strategy', MM, '--redis', redis.url, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).fills_booked).toBeGreaterThan(0);
    expect(await boardMembers(redis.url)).toContain('dave');
  });

  it('an unreachable Redis only warns: the run and its fills stand', () => {
    expect(cli(['account', 'create', 'carol', '--cash', '100000']).code).toBe(0);
    const r = cli(['replay', SYN, '--account', 'carol', '--strategy', MM, '--redis', 'redis://127.0.0.1:1', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: the Redis leaderboard at redis://127.0.0.1:1 was not updated');
    expect(JSON.parse(r.stdout).fills_booked).toBeGreaterThan(0);
  });
});
