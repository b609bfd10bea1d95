import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { positiveNumber } from '../cli-support/args.js';
import { outputFormat, renderTable, writeJson } from '../cli-support/output.js';
import { enrolInClass, openClass } from '../services/class-admin.js';
import { readClassBoard, type ClassBoard } from '../services/class-board.js';
import { findClass } from '../store/classes.js';
import { RedisLeaderboard } from '../store/leaderboard-redis.js';
import { ago } from '../cli-support/time-ago.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { wallNow } from './game-view.js';

interface BoardFlags {
  db?: string;
  tui?: boolean;
  redis?: string;
  hideBalances?: boolean;
  interval: string;
  output?: string;
  json?: boolean;
}

/** The board for scripts: times as ISO text, equity left out when balances are hidden. */
function boardJson(b: ClassBoard, hideBalances: boolean) {
  return {
    ...b,
    rows: b.rows.map(({ equity, last_trade_ms, ...r }) => ({ ...r, last_trade: last_trade_ms === null ? null : new Date(last_trade_ms).toISOString(), ...(hideBalances ? {} : { equity }) })),
  };
}

export function classCommand(): Command {
  const create = withDbOption(new Command('create'))
    .description('a class: students trade the same replay under the same rules')
    .argument('<name>', 'class name')
    .requiredOption('--scenario <data...>', 'the market data every student replays')
    .option('--rules <file>', 'rules JSON: longOnly, maxPositionQty, maxPositionNotional, minTrades, noLeverage, scenarioOnly')
    .action(async (name: string, flags: { db?: string; scenario: string[]; rules?: string }) => {
      const rules = await openClass({ name, scenarioPaths: flags.scenario, rulesPath: flags.rules, createdAt: new Date(wallNow()).toISOString(), openDb: () => openDbFromFlags(flags) });
      process.stdout.write(`created class ${name} (rules: ${JSON.stringify(rules)})\nstudents join with: vtrade class join ${name} --account <their account>\n`);
    });

  const join = withDbOption(new Command('join'))
    .description("join a class: the account's return is counted from now, on the class scenario")
    .argument('<name>', 'class name')
    .requiredOption('--account <name>', 'the paper account that takes part')
    .action((name: string, flags: { db?: string; account: string }) => {
      const db = openDbFromFlags(flags);
      const { cls: c, account: a, equity, joined } = enrolInClass(db, name, flags.account, wallNow());
      db.close();
      process.stdout.write(joined ? `${a.name} joined ${c.name} with equity ${equity}\n` : `${a.name} is already in ${c.name}\n`);
      process.stdout.write(`trade the scenario with: vtrade replay ${c.scenario.map((s) => s.path).join(' ')} --account ${a.name} --strategy <your strategy>\n`);
    });

  const board = withDbOption(new Command('board'))
    .description('the class ranking: return % since joining, trades, rule status; a broken rule disqualifies')
    .argument('<name>', 'class name')
    .option('--tui', 'full screen for a projector: updates by itself as students book fills')
    .option('--redis <url>', 'ranks from the Redis leaderboard at this URL (shared by the class), kept up to date from the account database')
    .option('--hide-balances', 'start with balances hidden (the p key toggles them on the full screen)')
    .option('--interval <seconds>', 'how often the full screen reads the board', '1')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('--json', 'shorthand for -o json')
    .action(async (name: string, flags: BoardFlags) => {
      const format = outputFormat(flags);
      if (format === 'csv') throw new UsageError('class board prints -o table or -o json');
      const intervalMs = Math.round(positiveNumber(flags.interval, '--interval') * 1000);
      const db = openDbFromFlags(flags);
      findClass(db, name);
      const redis = flags.redis ? await RedisLeaderboard.connect(flags.redis) : undefined;
      try {
        if (flags.tui) {
          const { runClassBoardTui } = await import('../tui/class-board/run-class-board.js');
          return await runClassBoardTui({ read: () => readClassBoard(db, name, redis) }, { intervalMs, hideBalances: flags.hideBalances ?? false });
        }
        const b = await readClassBoard(db, name, redis);
        if (format === 'json') return writeJson(boardJson(b, flags.hideBalances ?? false));
        process.stdout.write(`class ${b.class}: ${b.scenario.map((s) => s.path).join(', ')}\nrules: ${JSON.stringify(b.rules)} · ranked with at least ${b.min_trades} class trades\n\n`);
        const now = wallNow();
        const head = ['rank', 'account', 'return %', 'trades', 'status', 'rules', 'last trade', ...(flags.hideBalances ? [] : ['equity'])];
        const cells = b.rows.map((r) => [r.rank === null ? '-' : String(r.rank), r.account, r.return_pct.toFixed(4), String(r.trades), r.status, r.rules, ago(r.last_trade_ms, now), ...(flags.hideBalances ? [] : [r.equity])]);
        process.stdout.write(renderTable(head, cells, new Set([0, 2, 3, ...(flags.hideBalances ? [] : [7])])));
        for (const r of b.rows.filter((x) => x.violations.length)) {
          process.stdout.write(`\n${r.account}:\n${[...new Map(r.violations.map((v) => [`${v.rule}: ${v.detail}`, v])).keys()].slice(0, 20).map((v) => `  - ${v}`).join('\n')}\n`);
        }
      } finally {
        await redis?.close();
        db.close();
      }
    });

  return new Command('class')
    .description('classroom mode: one scenario, one set of rules, one board')
    .addCommand(create)
    .addCommand(join)
    .addCommand(board)
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade class create fin101 --scenario fixtures/synth/syn-seed42-5min.csv.gz --rules fixtures/class/rules.json
  $ vtrade class join fin101 --account alice
  $ vtrade replay fixtures/synth/syn-seed42-5min.csv.gz --account alice --strategy fixtures/strategies/market-maker.ts
  $ vtrade class board fin101
  $ vtrade class board fin101 --tui --hide-balances`,
    );
}
