import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { outputFormat, renderTable, writeJson } from '../cli-support/output.js';
import { MIN_TRADES, PERIODS, type Period } from '../game/leaderboard.js';
import { readLeaderboard, type BoardRow } from '../services/leaderboard-view.js';
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
  $ vtrade class create fin101 --scenario fixtures/synth/syn-seed42-5min.csv.gz --rules fixtures/class/rules.json
  $ vtrade leaderboard --scope fin101 --period all -o json
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
      try {
        const out = await readLeaderboard(db, { period, scope: flags.scope, at: parseAt(flags.at, wallNow()), top, around: flags.around, radius, redis: flags.redis });
        const { board, rows } = out;
        if (format === 'json') return writeJson(out);
        process.stdout.write(`${board} (${out.total} ranked, ${out.store})\n`);
        const mark = (r: BoardRow) => (r.account === flags.around ? '>' : ' ');
        process.stdout.write(
          renderTable(
            ['', 'rank', 'account', 'return %', 'trades'],
            rows.map((r) => [mark(r), String(r.rank), r.account, r.return_pct.toFixed(4), String(r.trades)]),
            new Set([1, 3, 4]),
          ),
        );
      } finally {
        db.close();
      }
    });
}
