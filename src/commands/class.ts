import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { outputFormat, renderTable, writeJson } from '../cli-support/output.js';
import { checkMinTrades, DEFAULT_RULES, rulesSchema, type ClassRules } from '../game/classroom.js';
import { boardKey, cohortScope, returnPct } from '../game/leaderboard.js';
import { summariseAccount } from '../services/account-summary.js';
import { ingestGame } from '../services/game-ingest.js';
import { sha256File } from '../services/run-outputs.js';
import { findAccount } from '../store/accounts.js';
import { createClass, findClass, joinClass, membersOf, violationsOf } from '../store/classes.js';
import { getStanding } from '../store/game.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { externalFlows } from '../store/rewards.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { wallNow } from './game-view.js';

/** Reads a class rules file; an unknown or mistyped field is an error naming it. */
export function readRules(path: string): ClassRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not a readable JSON rules file (${(err as Error).message})`, 'see docs/game.md for the format');
  }
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw new InputError(path, undefined, field, issue.message, 'known fields: longOnly, maxPositionQty, maxPositionNotional, minTrades, noLeverage, scenarioOnly');
  }
  return { ...DEFAULT_RULES, ...parsed.data };
}

export interface ClassBoardRow {
  rank: number | null;
  account: string;
  return_pct: number;
  trades: number;
  status: 'ranked' | 'disqualified' | 'unranked';
  violations: { rule: string; detail: string }[];
}

export function classCommand(): Command {
  const create = withDbOption(new Command('create'))
    .description('a class: students trade the same replay under the same rules')
    .argument('<name>', 'class name')
    .requiredOption('--scenario <data...>', 'the market data every student replays')
    .option('--rules <file>', 'rules JSON: longOnly, maxPositionQty, maxPositionNotional, minTrades, noLeverage, scenarioOnly')
    .action(async (name: string, flags: { db?: string; scenario: string[]; rules?: string }) => {
      const rules = flags.rules ? readRules(flags.rules) : DEFAULT_RULES;
      const scenario = [];
      for (const p of flags.scenario) {
        try {
          scenario.push({ path: p, sha256: await sha256File(p) });
        } catch (err) {
          throw new InputError(p, undefined, undefined, `cannot read the scenario data (${(err as Error).message})`);
        }
      }
      const db = openDbFromFlags(flags);
      createClass(db, { name, scenario, rules, createdAt: new Date(wallNow()).toISOString() });
      db.close();
      process.stdout.write(`created class ${name} (rules: ${JSON.stringify(rules)})\nstudents join with: vtrade class join ${name} --account <their account>\n`);
    });

  const join = withDbOption(new Command('join'))
    .description("join a class: the account's return is counted from now, on the class scenario")
    .argument('<name>', 'class name')
    .requiredOption('--account <name>', 'the paper account that takes part')
    .action((name: string, flags: { db?: string; account: string }) => {
      const db = openDbFromFlags(flags);
      const c = findClass(db, name);
      const a = findAccount(db, flags.account);
      const equity = summariseAccount(db, a).equity;
      const joined = joinClass(db, c.name, { accountId: a.id, joinedAtMs: wallNow(), baseEquity: equity, baseFlows: externalFlows(db, a.id) });
      db.close();
      process.stdout.write(joined ? `${a.name} joined ${c.name} with equity ${equity}\n` : `${a.name} is already in ${c.name}\n`);
      process.stdout.write(`trade the scenario with: vtrade replay ${c.scenario.map((s) => s.path).join(' ')} --account ${a.name} --strategy <your strategy>\n`);
    });

  const board = withDbOption(new Command('board'))
    .description('the class ranking: return % since joining, with every rule violation; a violation disqualifies')
    .argument('<name>', 'class name')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('--json', 'shorthand for -o json')
    .action(async (name: string, flags: { db?: string; output?: string; json?: boolean }) => {
      const format = outputFormat(flags);
      const db = openDbFromFlags(flags);
      const c = findClass(db, name);
      await ingestGame(db);
      const key = boardKey(cohortScope(c.name), 'all', 0);
      const lb = new SqliteLeaderboard(db);
      const rows: ClassBoardRow[] = [];
      for (const m of membersOf(db, c.name)) {
        const s = getStanding(db, key, m.accountId);
        const trades = s?.trades ?? 0;
        const violations = violationsOf(db, c.name, m.accountId).map((v) => ({ rule: v.rule, detail: v.detail }));
        const short = checkMinTrades(c.rules, trades);
        if (short) violations.push(short);
        const ranked = await lb.rank(key, m.account);
        rows.push({
          rank: ranked?.rank ?? null,
          account: m.account,
          return_pct: s ? Math.round(returnPct(s) * 10_000) / 10_000 : 0,
          trades,
          status: ranked ? 'ranked' : violations.length ? 'disqualified' : 'unranked',
          violations,
        });
      }
      db.close();
      rows.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || (x.account < y.account ? -1 : 1));
      if (format === 'json') return writeJson({ class: c.name, scenario: c.scenario, rules: c.rules, rows });
      process.stdout.write(`class ${c.name}: ${c.scenario.map((s) => s.path).join(', ')}\nrules: ${JSON.stringify(c.rules)}\n\n`);
      process.stdout.write(
        renderTable(
          ['rank', 'account', 'return %', 'trades', 'status'],
          rows.map((r) => [r.rank === null ? '-' : String(r.rank), r.account, r.return_pct.toFixed(4), String(r.trades), r.status]),
          new Set([0, 2, 3]),
        ),
      );
      for (const r of rows.filter((x) => x.violations.length)) {
        process.stdout.write(`\n${r.account}:\n${[...new Map(r.violations.map((v) => [`${v.rule}: ${v.detail}`, v])).keys()].slice(0, 20).map((v) => `  - ${v}`).join('\n')}\n`);
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
  $ vtrade class create fin101 --scenario fixtures/synth/syn-seed42-5min.csv.gz --rules rules.json
  $ vtrade class join fin101 --account alice
  $ vtrade replay fixtures/synth/syn-seed42-5min.csv.gz --account alice --strategy fixtures/strategies/market-maker.ts
  $ vtrade class board fin101`,
    );
}
