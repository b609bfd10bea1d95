import { memberStatus, minTradesOf, ruleStatusText, type ClassRules, type MemberStatus, type Violation } from '../game/classroom.js';
import { boardKey, cohortScope, decodeScore, MIN_TRADES, returnPct, type Leaderboard } from '../game/leaderboard.js';
import { findAccount } from '../store/accounts.js';
import { findClass, lastTradeAt, membersOf, violationsOf, type ClassRow } from '../store/classes.js';
import type { Db } from '../store/database.js';
import { getStanding } from '../store/game.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { summariseAccount } from './account-summary.js';
import { ingestGame } from './game-ingest.js';

export interface ClassBoardRow {
  rank: number | null;
  account: string;
  return_pct: number;
  trades: number;
  status: MemberStatus;
  /** The class rules in a few words: "ok", "2/5 trades", "long-only x3". */
  rules: string;
  /** The latest class-time trade, epoch ms; null before the first. */
  last_trade_ms: number | null;
  /** Equity now: shown to the class only when the instructor allows it. */
  equity: string;
  violations: Violation[];
}

export interface ClassBoard {
  class: string;
  scenario: ClassRow['scenario'];
  rules: ClassRules;
  /** Fewest class trades to be ranked. */
  min_trades: number;
  /** Where the ranks came from. */
  store: 'sqlite' | 'redis';
  rows: ClassBoardRow[];
}

/**
 * The class board: every member with rank, return % since joining, class trades, rule status and
 * latest trade. The account database is brought up to date first (fills booked since the last
 * read become game events), then the ranks are read from `board` when given (the Redis
 * leaderboard, shared by every machine of a class) or from the embedded one. Members and their
 * violations always come from the account database that holds the class.
 */
export async function readClassBoard(db: Db, name: string, board?: Leaderboard): Promise<ClassBoard> {
  const c = findClass(db, name);
  await ingestGame(db, { boards: board ? [board] : [] });
  const key = boardKey(cohortScope(c.name), 'all', 0);
  const lb = board ?? new SqliteLeaderboard(db);
  const minTrades = minTradesOf(c.rules, MIN_TRADES.all);
  const rows: ClassBoardRow[] = [];
  for (const m of membersOf(db, c.name)) {
    const standing = getStanding(db, key, m.accountId);
    const ranked = await lb.rank(key, m.account);
    const fromBoard = ranked ? decodeScore(ranked.score) : undefined;
    const trades = fromBoard?.trades ?? standing?.trades ?? 0;
    const violations = violationsOf(db, c.name, m.accountId).map((v) => ({ rule: v.rule as Violation['rule'], detail: v.detail }));
    const status = memberStatus(c.rules, { trades, violations: violations.length, ranked: ranked !== undefined });
    rows.push({
      rank: ranked?.rank ?? null,
      account: m.account,
      return_pct: fromBoard?.returnPct ?? (standing ? Math.round(returnPct(standing) * 10_000) / 10_000 : 0),
      trades,
      status,
      rules: ruleStatusText(status, trades, minTrades, violations),
      last_trade_ms: lastTradeAt(db, m.accountId, m.joinedAtMs),
      equity: summariseAccount(db, findAccount(db, m.account)).equity,
      violations,
    });
  }
  rows.sort(byRank);
  return { class: c.name, scenario: c.scenario, rules: c.rules, min_trades: minTrades, store: lb.kind, rows };
}

/** Ranked first by rank; then those still trading, those not started, the disqualified; then by name. */
export function byRank(x: ClassBoardRow, y: ClassBoardRow): number {
  const order: Record<MemberStatus, number> = { ranked: 0, trading: 1, 'not started': 2, disqualified: 3 };
  return order[x.status] - order[y.status] || (x.rank ?? 0) - (y.rank ?? 0) || (x.account < y.account ? -1 : x.account > y.account ? 1 : 0);
}
