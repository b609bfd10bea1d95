import { afterEach, describe, expect, it, vi } from 'vitest';
import { Decimal } from 'decimal.js';
import { encodeScore } from '../game/leaderboard.js';
import { cashOf } from '../store/accounts.js';
import { createClass, joinClass, violationsOf } from '../store/classes.js';
import { getStanding, journal, loadPlayer } from '../store/game.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { ingestAfterRun, ingestGame, rebuildPlayer, scoreBookedFills } from './game-ingest.js';
import { account, freshGameDb, gameDump, OTHER_DATA, SCENARIO, tradeRun, type TradeStep } from '../../test/support/game-helpers.js';

const roundTrips = (n: number, buy: number, sell: number): TradeStep[] =>
  Array.from({ length: n }, () => [
    { side: 'buy' as const, price: buy, qty: 10 },
    { side: 'sell' as const, price: sell, qty: 10 },
  ]).flat();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the game ingest', () => {
  it('turns booked fills into XP, badges and missions, and credits cash rewards once, with running balances', async () => {
    const db = freshGameDb();
    const alice = account(db, 'alice');
    tradeRun(db, alice, '2026-03-10T15:00:00Z', roundTrips(6, 100, 101));
    const g = await ingestGame(db);
    expect(g.events).toBe(12 + 1); // 12 fills and one NAV snapshot
    const s = loadPlayer(db, alice.id, 'alice');
    expect(s.totals.fills).toBe(12);
    expect(s.totals.profitableRun).toBe(6);
    expect(Object.keys(s.badges).sort()).toEqual(['first-profit', 'first-trade', 'hot-hand']);
    expect(s.xp).toBe(g.xp);

    // Every cash reward of a completed mission is in the ledger once, as 'reward', and the
    // balances still run: each row is the previous balance plus its amount.
    const rewards = db.prepare("SELECT event_id, amount FROM ledger WHERE account_id = ? AND kind = 'reward' ORDER BY id").all(alice.id) as { event_id: string; amount: string }[];
    const paid = s.missions.filter((m) => m.status === 'completed' && m.reward.cash !== '0');
    expect(rewards.map((r) => r.event_id).sort()).toEqual(paid.map((m) => `reward:${alice.id}:mission:${m.id}`).sort());
    expect(paid.length).toBeGreaterThan(0);
    let running = new Decimal(0);
    for (const r of db.prepare('SELECT amount, balance FROM ledger WHERE account_id = ? ORDER BY id').all(alice.id) as { amount: string; balance: string }[]) {
      running = running.plus(r.amount);
      expect(r.balance).toBe(running.toFixed());
    }
    // 6 round trips of 10 shares, $1 apart: +60 of trading, plus the rewards.
    const rewardTotal = rewards.reduce((acc, r) => acc.plus(r.amount), new Decimal(0));
    expect(cashOf(db, alice.id)).toBe(new Decimal(100_060).plus(rewardTotal).toFixed());
  });

  it('is idempotent: ingesting again, or after the same fills are booked again by a resumed run, changes nothing', async () => {
    const db = freshGameDb();
    const alice = account(db, 'alice');
    const bob = account(db, 'bob');
    tradeRun(db, alice, '2026-03-10T15:00:00Z', roundTrips(3, 100, 102));
    tradeRun(db, bob, '2026-03-10T16:00:00Z', roundTrips(2, 100, 99));
    await ingestGame(db);
    const before = gameDump(db);
    await ingestGame(db);
    expect(gameDump(db)).toEqual(before);
    // A new ingest from scratch over a copy of the journal's events would apply nothing either:
    // every id is journaled.
    expect(journal(db).length).toBe(before.game_events.length);
  });

  it("rebuilding a player by folding its journal gives exactly the stored state", async () => {
    const db = freshGameDb();
    const alice = account(db, 'alice');
    tradeRun(db, alice, '2026-03-06T15:00:00Z', roundTrips(2, 100, 101));
    await ingestGame(db);
    tradeRun(db, alice, '2026-03-09T15:00:00Z', roundTrips(2, 100, 99));
    await ingestGame(db, { batch: 3 });
    tradeRun(db, alice, '2026-03-10T15:00:00Z', roundTrips(1, 100, 105));
    await ingestGame(db);
    const stored = loadPlayer(db, alice.id, 'alice');
    expect(rebuildPlayer(db, alice.id, 'alice')).toEqual(stored);
    expect(stored.streaks.XNYS).toMatchObject({ current: 3, best: 3 }); // Fri, Mon, Tue
  });

  it('keeps standings per day, week and month, crossing each boundary, with rewards never counted as return', async () => {
    const db = freshGameDb();
    const alice = account(db, 'alice');
    // Friday 30 January: +$10 on $100,000.
    tradeRun(db, alice, '2026-01-30T15:00:00Z', roundTrips(1, 100, 101));
    await ingestGame(db);
    // Monday 2 February (new day, week and month): +$20.
    tradeRun(db, alice, '2026-02-02T15:00:00Z', roundTrips(1, 100, 102));
    await ingestGame(db);
    const st = (board: string) => getStanding(db, board, alice.id)!;
    const pnlOf = (board: string) => new Decimal(st(board).pnl).minus(st(board).basePnl).toNumber();
    expect(pnlOf('global|day:2026-01-30')).toBe(10);
    expect(pnlOf('global|week:2026-01-26')).toBe(10);
    expect(pnlOf('global|month:2026-01')).toBe(10);
    expect(pnlOf('global|day:2026-02-02')).toBe(20);
    expect(pnlOf('global|week:2026-02-02')).toBe(20);
    expect(pnlOf('global|month:2026-02')).toBe(20);
    expect(pnlOf('global|all')).toBe(30);
    // February starts from the equity at the end of January: the deposit, January's +10 and any rewards.
    const janRewards = db.prepare("SELECT amount FROM ledger WHERE kind = 'reward' AND ts_ns < ?").all(String(BigInt(Date.parse('2026-02-01')) * 1_000_000n)) as { amount: string }[];
    const janEquity = janRewards.reduce((a, r) => a.plus(r.amount), new Decimal(100_010));
    expect(st('global|month:2026-02').baseNav).toBe(janEquity.toFixed());
    // Ranked with enough trades only: a day needs 1, a week 3, all time 10.
    const lb = new SqliteLeaderboard(db);
    expect((await lb.rank('global|day:2026-02-02', 'alice'))?.score).toBe(encodeScore(new Decimal(20).dividedBy(janEquity).times(100).toNumber(), 2));
    expect(await lb.rank('global|week:2026-02-02', 'alice')).toBeUndefined();
    expect(await lb.rank('global|all', 'alice')).toBeUndefined();
  });

  it('checks class rules on every fill: violations are recorded and disqualify from the class board', async () => {
    const db = freshGameDb();
    createClass(db, { name: 'fin101', scenario: SCENARIO, rules: { longOnly: true, maxPositionQty: '15', noLeverage: true, minTrades: 2, scenarioOnly: true }, createdAt: '2026-03-01T00:00:00Z' });
    const join = (name: string, cash = '100000') => {
      const a = account(db, name, cash);
      joinClass(db, 'fin101', { accountId: a.id, joinedAtMs: Date.parse('2026-03-02T00:00:00Z'), baseEquity: cash, baseFlows: cash });
      return a;
    };
    const good = join('good');
    const shorty = join('shorty');
    const big = join('big');
    const lev = join('lev', '1000');
    const off = join('off');
    const early = join('early');
    tradeRun(db, good, '2026-03-03T15:00:00Z', roundTrips(2, 100, 101));
    tradeRun(db, shorty, '2026-03-03T15:00:00Z', [{ side: 'sell', price: 101, qty: 5 }, { side: 'buy', price: 100, qty: 5 }]);
    tradeRun(db, big, '2026-03-03T15:00:00Z', [{ side: 'buy', price: 100, qty: 20 }, { side: 'sell', price: 101, qty: 20 }]);
    tradeRun(db, lev, '2026-03-03T15:00:00Z', [{ side: 'buy', price: 100, qty: 12 }, { side: 'sell', price: 101, qty: 12 }]);
    tradeRun(db, off, '2026-03-03T15:00:00Z', roundTrips(2, 100, 101), { data: OTHER_DATA });
    tradeRun(db, early, '2026-03-01T15:00:00Z', roundTrips(2, 100, 101)); // before joining: not class trading
    await ingestGame(db);
    const rules = (a: { id: number }) => [...new Set(violationsOf(db, 'fin101', a.id).map((v) => v.rule))];
    expect(rules(good)).toEqual([]);
    expect(rules(shorty)).toEqual(['long-only']);
    expect(rules(big)).toEqual(['max-position']);
    expect(rules(lev)).toEqual(['no-leverage']);
    expect(rules(off)).toEqual(['off-scenario']);
    expect(rules(early)).toEqual([]);
    const board = await new SqliteLeaderboard(db).top('cohort:fin101|all', 10);
    expect(board.map((r) => r.account)).toEqual(['good']);
    // good: +$20 on $100,000 over 4 trades.
    expect(board[0].score).toBe(encodeScore(0.02, 4));
  });

  it('never fails a replay: a broken game store is a warning, and the fills stay booked', async () => {
    const db = freshGameDb();
    const alice = account(db, 'alice');
    tradeRun(db, alice, '2026-03-10T15:00:00Z', roundTrips(1, 100, 101));
    db.exec('DROP TABLE game_players');
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(ingestAfterRun(db)).resolves.toBeUndefined();
    expect(String(warn.mock.calls[0]?.[0])).toContain('game progress not updated');
    expect((db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n).toBe(2);
  });
});

describe('scoring booked fills by event id (the missions worker)', () => {
  it('stops at the first fill not booked yet, and agrees with the ingest: no fill applied twice', async () => {
    const db = freshGameDb();
    const alice = account(db, 'alice');
    const run = tradeRun(db, alice, '2026-03-10T15:00:00Z', roundTrips(3, 100, 101));
    const ids = Array.from({ length: 6 }, (_, i) => `run:${run}:fill:${i + 1}`);
    const first = scoreBookedFills(db, [...ids.slice(0, 4), `run:${run}:fill:99`, ids[4]]);
    expect([first.taken, first.applied, first.pending]).toEqual([4, 4, `run:${run}:fill:99`]);
    expect(loadPlayer(db, alice.id, 'alice').totals.fills).toBe(4);

    // The same ids again apply nothing; the ingest then applies only the two the worker had not.
    const again = scoreBookedFills(db, ids.slice(0, 4));
    expect([again.taken, again.applied, again.pending]).toEqual([4, 0, undefined]);
    const g = await ingestGame(db);
    expect(g.events - 1).toBe(2); // the two fills left, and one NAV snapshot
    const s = loadPlayer(db, alice.id, 'alice');
    expect(s.totals.fills).toBe(6);
    expect(journal(db, alice.id).filter((e) => e.kind === 'fill').map((e) => e.id)).toEqual(ids);
    expect(rebuildPlayer(db, alice.id, 'alice')).toEqual(s);
  });
});
