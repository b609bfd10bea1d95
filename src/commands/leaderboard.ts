import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { outputFormat, renderTable, writeJson } from '../cli-support/output.js';
import { boardKey, cohortScope, decodeScore, GLOBAL, MIN_TRADES, PERIODS, type Leaderboard, type Period, type Ranked } from '../game/leaderboard.js';
import { ingestGame } from '../services/game-ingest.js';
import { findClass } from '../store/classes.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { RedisLeaderboard } from '../store/leaderboard-redis.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { parseAt, wallNow } from './game-view.js';

interface LbFlags {
  db?: string;
  period: string;
  scope: string;
  around?: string;
  top: string;
  radius: string;
  at?: string;
  redis?: string;
  output?: string;
  json?: boolean;
}

export interface BoardRow {
  rank: number;
  account: string;
  return_pct: number;
  trades: number;
}

export const boardRow = (r: Ranked): BoardRow => ({ rank: r.rank, account: r.account, ...renameReturn(decodeScore(r.score)) });
const renameReturn = (d: { returnPct: number; trades: number }) => ({ return_pct: d.returnPct, trades: d.trades });

export function leaderboardCommand(): Command {
  return withDbOption(new Command('leaderboard'))
    .description('accounts ranked by return % over a day, week, month or all time, globally or in a class')
    .option('--period <p>', `day, week, month or all`, 'week')
    .option('--scope <s>', 'global, or a class name (class:<name> also works)', 'global')
    .option('--around <account>', "show the ranks around this account instead of the top")
    .option('--top <N>', 'how many from the top', '10')
    .option('--radius <N>', 'ranks either side with --around', '5')
    .option('--at <time>', 'which period: a UTC day (2026-03-09) or ISO time; default now')
    .option('--redis <url>', 'use the Redis leaderboard at this URL (kept up to date from the account database)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText(
      'after',
      `
Ranking: return % over the period (P&L over equity at its start; deposits and rewards are not
return), ties by more trades, then account name. Ranked only with at least ${PERIODS.map((p) => `${MIN_TRADES[p]} trades (${p})`).join(', ')}.
Periods are UTC: days from 00:00, weeks from Monday 00:00, calendar months.

Examples:
  $ vtrade leaderboard
  $ vtrade leaderboard --period day --around alice
  $ vtrade leaderboard --scope physics-101 --period all -o json
  $ vtrade leaderboard --redis redis://127.0.0.1:6379`,
    )
    .action(async (flags: LbFlags) => {
      const format = outputFormat(flags);
      if (format === 'csv') throw new UsageError('leaderboard prints -o table or -o json');
      if (!PERIODS.includes(flags.period as Period)) throw new UsageError(`--period "${flags.period}" is not a period`, 'use day, week, month or all');
      const period = flags.period as Period;
      const top = wholeNumber(flags.top, '--top', 1);
      const radius = wholeNumber(flags.radius, '--radius', 0);
      const db = openDbFromFlags(flags);
      let scope = GLOBAL;
      if (flags.scope !== GLOBAL) {
        const name = flags.scope.startsWith('class:') ? flags.scope.slice(6) : flags.scope.startsWith('cohort:') ? flags.scope.slice(7) : flags.scope;
        scope = cohortScope(findClass(db, name).name);
      }
      const at = parseAt(flags.at, wallNow());
      const board = boardKey(scope, period, at);
      const redis = flags.redis ? await RedisLeaderboard.connect(flags.redis) : undefined;
      try {
        await ingestGame(db, { boards: redis ? [redis] : [] });
        const lb: Leaderboard = redis ?? new SqliteLeaderboard(db);
        const page = await lb.page(board, top, flags.around);
        if (flags.around !== undefined && !page.me) {
          throw new UsageError(`"${flags.around}" is not ranked on ${board}`, `it needs at least ${MIN_TRADES[period]} trades in the period`);
        }
        const rows = (flags.around !== undefined ? await lb.around(board, flags.around, radius) : page.top).map(boardRow);
        const out = { board, period, scope, store: lb.kind, total: page.total, rows, ...(page.me ? { me: boardRow(page.me) } : {}) };
        if (format === 'json') return writeJson(out);
        process.stdout.write(`${board} (${page.total} ranked, ${lb.kind})\n`);
        const mark = (r: BoardRow) => (r.account === flags.around ? '>' : ' ');
        process.stdout.write(
          renderTable(
            ['', 'rank', 'account', 'return %', 'trades'],
            rows.map((r) => [mark(r), String(r.rank), r.account, r.return_pct.toFixed(4), String(r.trades)]),
            new Set([1, 3, 4]),
          ),
        );
      } finally {
        await redis?.close();
        db.close();
      }
    });
}
