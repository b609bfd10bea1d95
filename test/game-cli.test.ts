import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readQuestionBank } from '../src/data/quiz-bank.js';
import { choiceLetter } from '../src/game/quiz.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { repoRoot, runCli } from './support/run-cli.js';

const SCENARIO = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz'); // 2024-01-02 14:30-14:35 UTC
const dir = mkdtempSync(join(tmpdir(), 'vtrade-game-cli-'));
const env = { VTRADE_DB: join(dir, 'paper.db'), VTRADE_FROM_SOURCE: '1' };
const cli = (args: string[]) => runCli(args, { env });
const json = <T>(args: string[]): T => {
  const r = cli(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
};
function orders(name: string, rows: [string, string, number][]): string {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, ['id,ts,side,type,qty,limit,tif', ...rows.map(([ts, side, qty], i) => `${name}${i},${ts},${side},market,${qty},,IOC`)].join('\n') + '\n');
  return path;
}

interface BoardJson {
  board: string;
  store: string;
  total: number;
  rows: { rank: number; account: string; return_pct: number; trades: number }[];
}

describe('vtrade missions, quiz, badges, leaderboard and class', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    for (const a of ['alice', 'bob', 'carol']) expect(cli(['account', 'create', a, '--cash', '100000']).code).toBe(0);
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ longOnly: true, maxPositionQty: '500', minTrades: 2 }));
    const made = cli(['class', 'create', 'fin101', '--scenario', SCENARIO, '--rules', join(dir, 'rules.json')]);
    expect(made.code, made.stderr).toBe(0);
    expect(cli(['class', 'join', 'fin101', '--account', 'alice']).stdout).toContain('alice joined fin101');
    expect(cli(['class', 'join', 'fin101', '--account', 'bob']).code).toBe(0);
    // A locate lets the engine sell SYN short, which the class forbids.
    writeFileSync(join(dir, 'locate.json'), JSON.stringify({ risk: { locate: ['SYN'] } }));
    const replay = (account: string, file: string) => {
      const r = cli(['replay', SCENARIO, '--account', account, '--orders', file, '--config', join(dir, 'locate.json'), '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { fills: number };
    };
    // alice: long round trips; bob: goes short (breaks long-only); carol: not in the class.
    expect(replay('alice', orders('a', [['2024-01-02T14:30:10Z', 'buy', 100], ['2024-01-02T14:31:00Z', 'sell', 100], ['2024-01-02T14:32:00Z', 'buy', 50], ['2024-01-02T14:33:00Z', 'sell', 50]])).fills).toBeGreaterThanOrEqual(4);
    expect(replay('bob', orders('b', [['2024-01-02T14:30:10Z', 'sell', 100], ['2024-01-02T14:31:00Z', 'buy', 100]])).fills).toBeGreaterThanOrEqual(2);
    expect(replay('carol', orders('c', [['2024-01-02T14:30:10Z', 'buy', 10], ['2024-01-02T14:34:00Z', 'sell', 10]])).fills).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('missions: the day and week missions with deadlines at 00:00 UTC, and progress from the replay', () => {
    const m = json<{ level: number; active: { kind: string; deadline: number | null; progress: number }[]; recent: { status: string }[] }>(['missions', 'alice', '-o', 'json']);
    const daily = m.active.filter((x) => x.kind === 'daily');
    const now = Date.now();
    for (const d of daily) {
      expect(d.deadline! % 86_400_000).toBe(0);
      expect(d.deadline! - now).toBeLessThanOrEqual(86_400_000);
    }
    expect(m.active.some((x) => x.kind === 'milestone' && x.deadline === null)).toBe(true);
    expect(m.level).toBeGreaterThanOrEqual(1);
    const table = cli(['missions', 'alice']);
    expect(table.stdout).toMatch(/alice: level \d+ /);
    // Where the points came from: the latest gains in words, and how each kind of event earns XP.
    expect(table.stdout).toMatch(/XP lately[\s\S]*\+\d+\s+(trade: (buy|sell) \d+ SYN|badge "First Trade"|mission ")/);
    expect(table.stdout).toContain('how XP is earned');
    expect(table.stdout).toContain('right quiz answer');
  });

  it('badges: the first trade is earned, the rest are listed to earn', () => {
    const b = json<{ badges: { id: string; earned_at: string | null }[] }>(['badges', 'alice', '-o', 'json']);
    expect(b.badges.find((x) => x.id === 'first-trade')?.earned_at).not.toBeNull();
    expect(b.badges.find((x) => x.id === 'streak-20')?.earned_at).toBeNull();
  });

  it('quiz: scores answers against the bank, explains them, and counts each question once', () => {
    const bank = readQuestionBank();
    const q = json<{ questions: { n: number; id: string; answered: string | null }[] }>(['quiz', 'carol', '-o', 'json']);
    expect(q.questions).toHaveLength(5);
    const right = (n: number) => choiceLetter(bank.questions.find((x) => x.id === q.questions[n - 1].id)!.answer);
    const wrong = (n: number) => choiceLetter((bank.questions.find((x) => x.id === q.questions[n - 1].id)!.answer + 1) % 2);
    const r = json<{ results: { n: number; correct: boolean; xp: number; xp_items: { amount: number; why: string }[]; explanation: string; repeated: boolean }[] }>(['quiz', 'carol', '--answer', `1=${right(1)}`, `2=${right(2)}`, `3=${wrong(3)}`, '-o', 'json']);
    expect(r.results.map((x) => x.correct)).toEqual([true, true, false]);
    expect(r.results.map((x) => x.xp)).toEqual([10, 10, 2]);
    expect(r.results.map((x) => x.xp_items.map((i) => i.why))).toEqual([['right quiz answer (10 XP x1.0 quiz streak)'], ['right quiz answer (10 XP x1.0 quiz streak)'], ['quiz answer (wrong answers still earn a little)']]);
    // The answers that finish the set say what each part of their points was for.
    const rest = cli(['quiz', 'carol', '--answer', `4=${right(4)}`, `5=${right(5)}`]);
    expect(rest.stdout).toMatch(/^5: right \(\+\d+ XP(: 10 right quiz answer \(10 XP x1\.0 quiz streak\)(, \d+ (mission|badge) "[^"]+"[^,)]*)+| for right quiz answer \(10 XP x1\.0 quiz streak\))\)/m);
    expect(r.results[2].explanation.length).toBeGreaterThan(20);
    const again = json<{ results: { repeated: boolean; xp: number }[]; questions: { answered: string | null }[] }>(['quiz', 'carol', '--answer', `1=${wrong(1)}`, '-o', 'json']);
    expect(again.results[0]).toMatchObject({ repeated: true, xp: 0 });
    expect(again.questions.filter((x) => x.answered !== null)).toHaveLength(5);
    const bad = cli(['quiz', 'carol', '--answer', '9=a']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--answer "9=a"');
  });

  it('leaderboard: the same ranking from SQLite and from Redis, with --around', () => {
    const lite = json<BoardJson>(['leaderboard', '--period', 'day', '-o', 'json']);
    const red = json<BoardJson>(['leaderboard', '--period', 'day', '-o', 'json', '--redis', redis.url]);
    expect(lite.store).toBe('sqlite');
    expect(red.store).toBe('redis');
    expect(red.rows).toEqual(lite.rows);
    expect(lite.rows.map((r) => r.account).sort()).toEqual(['alice', 'bob', 'carol']);
    for (let i = 1; i < lite.rows.length; i++) expect(lite.rows[i - 1].return_pct).toBeGreaterThanOrEqual(lite.rows[i].return_pct);
    const around = json<BoardJson & { me: { account: string } }>(['leaderboard', '--period', 'day', '--around', 'bob', '--radius', '1', '-o', 'json', '--redis', redis.url]);
    expect(around.me.account).toBe('bob');
    expect(around.rows.map((r) => r.account)).toContain('bob');
    // all time needs 10 trades: nobody qualifies yet
    expect(json<BoardJson>(['leaderboard', '--period', 'all', '-o', 'json']).total).toBe(0);
    expect(cli(['leaderboard', '--period', 'year']).code).toBe(2);
  });

  it('class board: ranks members who kept the rules; a rule broken disqualifies, with the reason', () => {
    const b = json<{ rows: { account: string; rank: number | null; status: string; violations: { rule: string }[]; trades: number }[] }>(['class', 'board', 'fin101', '-o', 'json']);
    expect(b.rows.map((r) => r.account)).toEqual(['alice', 'bob']);
    expect(b.rows[0]).toMatchObject({ account: 'alice', rank: 1, status: 'ranked' });
    expect(b.rows[1]).toMatchObject({ account: 'bob', rank: null, status: 'disqualified' });
    expect(b.rows[1].violations.map((v) => v.rule)).toContain('long-only');
    // The same board with its ranks from the shared Redis leaderboard.
    const red = json<{ store: string; rows: { account: string; rank: number | null; status: string; return_pct: number; trades: number }[] }>(['class', 'board', 'fin101', '-o', 'json', '--redis', redis.url]);
    expect(red.store).toBe('redis');
    expect(red.rows.map((r) => [r.account, r.rank, r.status, r.trades])).toEqual(b.rows.map((r) => [r.account, r.rank, r.status, r.trades]));
    const text = cli(['class', 'board', 'fin101']).stdout;
    expect(text).toContain('disqualified');
    expect(text).toContain('long-only');
    const scoped = json<BoardJson>(['leaderboard', '--scope', 'fin101', '--period', 'all', '-o', 'json']);
    expect(scoped.rows.map((r) => r.account)).toEqual(['alice']);
  });

  it('a rules file with an unknown field is bad input naming the field', () => {
    writeFileSync(join(dir, 'bad-rules.json'), JSON.stringify({ longOnly: true, maxLeverage: 2 }));
    const r = cli(['class', 'create', 'fin102', '--scenario', SCENARIO, '--rules', join(dir, 'bad-rules.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-rules.json');
    expect(r.stderr).toContain('maxLeverage');
  });
});
