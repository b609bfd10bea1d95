import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli.js';
import { startKafka, type KafkaBroker } from './support/servers.js';
import { checkGame, checkLedger, fillCount, gameFillCount } from './support/live-ledger.js';
import { startCli, stopCli, waitUntil, type Running } from './support/processes.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { waitForGroups } from './support/kafka-groups.js';
import { RedisLeaderboard } from '../src/store/leaderboard-redis.js';
import { SqliteLeaderboard } from '../src/store/leaderboard-sqlite.js';
import { openDatabase } from '../src/store/database.js';

/**
 * Scale-out under faults: the execution and portfolio services as consumer groups, trading the
 * market maker on the synthetic session published at 40x (about 8 s of feed), with a fault
 * mid-stream. Afterwards the account must hold exactly the backtest's fills, each once, and its
 * ledger must balance.
 */
const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const SEED = '3';
const env = { VTRADE_FROM_SOURCE: '1' };

interface ExpectedFill {
  seq: number;
  side: string;
  price: string;
  qty: string;
  fee: string;
  ts_delivered: string;
}

function cli(args: string[]) {
  const r = runCli(args, { env });
  if (r.code !== 0) throw new Error(`vtrade ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

describe('workers on Kafka consumer groups under faults', () => {
  let kafka: KafkaBroker;
  let redis: RedisServer;
  let expected: ExpectedFill[];
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-live-faults-'));
  const procs: Running[] = [];
  beforeAll(async () => {
    kafka = await startKafka();
    redis = await startRedisServer();
    cli(['backtest', '--data', SYN, '--strategy', MM, '--seed', SEED, '--out', join(dir, 'bt')]);
    expected = readFileSync(join(dir, 'bt/fills.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExpectedFill);
  });
  afterAll(async () => {
    for (const p of procs) await stopCli(p, 'SIGKILL');
    await kafka?.stop();
    await redis?.stop();
  });

  const brokers = () => kafka.brokers.join(',');
  const exec = (name: string, db: string, group: string) => {
    const p = startCli(['worker', 'execution', '--brokers', brokers(), '--group', group, '--topic', `md-${name}`, '--fills-topic', `fills-${name}`, '--account', 'alice', '--strategy', MM, '--seed', SEED, '--db', db]);
    procs.push(p);
    return p;
  };
  const books = (name: string, db: string, group: string) => {
    const p = startCli(['worker', 'portfolio', '--brokers', brokers(), '--group', group, '--fills-topic', `fills-${name}`, '--db', db]);
    procs.push(p);
    return p;
  };
  const publish = (name: string) => {
    const p = startCli(['feed', 'publish', SYN, '--brokers', brokers(), '--topic', `md-${name}`, '--speed', '40x', '--batch', '200']);
    procs.push(p);
    return p;
  };
  const setup = (name: string) => {
    const db = join(dir, `${name}.db`);
    cli(['account', 'create', 'alice', '--cash', '100000', '--db', db]);
    return db;
  };

  /**
   * Every backtest fill booked exactly once, nothing else, and a balanced ledger. Looked at once
   * nothing more can arrive: the feed has ended, the execution group has committed the end of
   * the market data (so every fill it makes is on the fills topic) and the portfolio group the
   * end of the fills (so every fill there, a duplicate included, has reached the database).
   */
  const checkAccount = async (db: string, name: string, pub: Running, running: Running[]) => {
    const diagnose = () => [pub, ...running].map((r) => r.stderr().slice(-2000)).join('\n---\n');
    await waitUntil('every fill booked', () => fillCount(db) >= expected.length, 120_000, diagnose);
    expect(await pub.exited).toBe(0);
    await waitForGroups(
      kafka.brokers,
      [
        { group: `exec-${name}`, topic: `md-${name}` },
        { group: `books-${name}`, topic: `fills-${name}` },
      ],
      60_000,
      diagnose,
    );
    const ledger = checkLedger(db, 'alice');
    expect(ledger.fills.length).toBe(expected.length);
    const seqs = ledger.fills.map((f) => Number(f.event_id.split(':fill:')[1]));
    expect(new Set(seqs).size).toBe(expected.length);
    const bySeq = new Map(ledger.fills.map((f) => [Number(f.event_id.split(':fill:')[1]), f]));
    for (const e of expected) {
      const got = bySeq.get(e.seq);
      expect(got, `fill ${e.seq}`).toBeDefined();
      expect([got!.side, got!.price, got!.qty, got!.fee, got!.ts_ns]).toEqual([e.side, e.price, e.qty, e.fee, e.ts_delivered]);
    }
    expect(ledger.balanced).toBe(true);
    expect(ledger.cash).toBe(ledger.expectedCash);
  };

  const scorer = (name: string, db: string, group: string, extra: string[] = []) => {
    const p = startCli(['worker', 'missions', '--brokers', brokers(), '--group', group, '--fills-topic', `fills-${name}`, '--db', db, ...extra]);
    procs.push(p);
    return p;
  };

  /** The missions worker applied every booked fill to the game once and paid each reward once. */
  const checkMissions = async (db: string, name: string, running: Running[]) => {
    const diagnose = () => running.map((r) => r.stderr().slice(-2000)).join('\n---\n');
    await waitUntil('missions caught up', () => gameFillCount(db) >= expected.length, 60_000, diagnose);
    // The fills topic is complete (checkAccount): once the group has committed its end, every fill is applied.
    await waitForGroups(kafka.brokers, [{ group: `missions-${name}`, topic: `fills-${name}` }], 60_000, diagnose);
    const game = checkGame(db, 'alice');
    expect(game.gameFills).toHaveLength(expected.length);
    expect([...game.gameFills].sort()).toEqual([...game.fills].sort());
    expect(game.storedState.totals.fills).toBe(expected.length);
    expect(game.rebuiltState).toEqual(game.storedState);
    // The session's fills complete missions that pay cash (10 trades today, 25 this week, 500 fills).
    expect(game.paidMissions.length).toBeGreaterThan(0);
    expect([...game.rewardRows].sort()).toEqual([...game.paidMissions].sort());
    // The rewards are in the ledger, which still balances.
    const ledger = checkLedger(db, 'alice');
    expect(ledger.balanced).toBe(true);
    expect(ledger.cash).toBe(ledger.expectedCash);
  };

  it('a worker killed mid-stream and restarted: every fill once, ledger balanced', async () => {
    const db = setup('kill');
    let e1 = exec('kill', db, 'exec-kill');
    let p1 = books('kill', db, 'books-kill');
    let m1 = scorer('kill', db, 'missions-kill');
    const pub = publish('kill');
    await waitUntil('some fills booked', () => fillCount(db) >= 200, 60_000, () => e1.stderr() + p1.stderr());
    // A crash of every service at once, mid-stream.
    await stopCli(e1, 'SIGKILL');
    await stopCli(p1, 'SIGKILL');
    await stopCli(m1, 'SIGKILL');
    const before = fillCount(db);
    expect(before).toBeLessThan(expected.length);
    e1 = exec('kill', db, 'exec-kill');
    p1 = books('kill', db, 'books-kill');
    m1 = scorer('kill', db, 'missions-kill');
    await checkAccount(db, 'kill', pub, [e1, p1]);
    await checkMissions(db, 'kill', [m1]);
    for (const p of [e1, p1, m1]) expect(await stopCli(p)).toBe(0);
  });

  it('a consumer-group rebalance mid-stream: members join and leave, every fill once', async () => {
    const db = setup('rebal');
    const e1 = exec('rebal', db, 'exec-rebal');
    const p1 = books('rebal', db, 'books-rebal');
    const m1 = scorer('rebal', db, 'missions-rebal', ['--redis', redis.url]);
    const pub = publish('rebal');
    await waitUntil('some fills booked', () => fillCount(db) >= 200, 60_000, () => e1.stderr() + p1.stderr());
    // Second members join both groups (a rebalance each), then the first ones leave (another).
    const e2 = exec('rebal', db, 'exec-rebal');
    const p2 = books('rebal', db, 'books-rebal');
    const m2 = scorer('rebal', db, 'missions-rebal', ['--redis', redis.url]);
    await waitUntil('more fills booked', () => fillCount(db) >= 700, 60_000, () => e2.stderr() + p2.stderr());
    expect(await stopCli(e1)).toBe(0);
    expect(await stopCli(p1)).toBe(0);
    expect(await stopCli(m1)).toBe(0);
    expect(fillCount(db)).toBeLessThan(expected.length);
    await checkAccount(db, 'rebal', pub, [e2, p2]);
    await checkMissions(db, 'rebal', [m2]);
    for (const p of [e2, p2, m2]) expect(await stopCli(p)).toBe(0);
    // The members kept the Redis leaderboard in step with the embedded one, board for board.
    const h = openDatabase(db);
    const board = await RedisLeaderboard.connect(redis.url);
    try {
      const embedded = new SqliteLeaderboard(h);
      const boards = (h.prepare('SELECT DISTINCT board FROM game_standings ORDER BY board').all() as { board: string }[]).map((r) => r.board);
      expect(boards.length).toBeGreaterThan(0);
      expect(await board.cursor()).toBe(await embedded.cursor());
      for (const b of boards) expect(await board.top(b, 100), b).toEqual(await embedded.top(b, 100));
    } finally {
      await board.close();
      h.close();
    }
  });

  it('the broker restarted mid-stream: producers and workers carry on, every fill once', async () => {
    const db = setup('restart');
    const e1 = exec('restart', db, 'exec-restart');
    const p1 = books('restart', db, 'books-restart');
    const pub = publish('restart');
    await waitUntil('some fills booked', () => fillCount(db) >= 200, 60_000, () => e1.stderr() + p1.stderr());
    await kafka.restart({ downMs: 1000 });
    expect(fillCount(db)).toBeLessThan(expected.length);
    await checkAccount(db, 'restart', pub, [e1, p1]);
    for (const p of [e1, p1]) expect(await stopCli(p)).toBe(0);
    // A loaded machine restarts the broker's JVM slowly and the clients reconnect after back-off:
    // the test may take the waits it makes (up to 60 s, the broker's start, 120 s, 60 s), so a
    // slow run ends with their own diagnostics, not a bare timeout.
  }, 330_000);
});
