import { Command } from 'commander';
import { outputFormat, renderCsv, renderTable, writeJson } from '../cli-support/output.js';
import { createAccount, findAccount, listAccounts, cashOf } from '../store/accounts.js';
import { summariseAccount } from '../services/account-summary.js';
import { openDbFromFlags, withDbOption } from './db-option.js';

type OutFlags = { db?: string; output?: string; json?: boolean };

export function accountCommand(): Command {
  const create = withDbOption(new Command('create'))
    .description('open a paper account with a starting deposit')
    .argument('<name>', 'account name: letters, digits, dot, dash, underscore')
    .option('--cash <amount>', 'opening deposit', '10000')
    .option('--currency <code>', 'account currency', 'USD')
    .action((name: string, flags: { db?: string; cash: string; currency: string }) => {
      const db = openDbFromFlags(flags);
      const a = createAccount(db, name, flags.cash, flags.currency, new Date().toISOString());
      process.stdout.write(`created account ${a.name} with ${flags.cash} ${a.currency}\n`);
    });

  const list = withDbOption(new Command('list'))
    .description('all paper accounts with their cash')
    .option('-o, --output <format>', 'table, json or csv', 'table')
    .option('--json', 'shorthand for -o json')
    .action((flags: OutFlags) => {
      const format = outputFormat(flags);
      const db = openDbFromFlags(flags);
      const rows = listAccounts(db).map((a) => ({ name: a.name, currency: a.currency, cash: cashOf(db, a.id), created_at: a.created_at }));
      if (format === 'json') return writeJson(rows);
      const headers = ['name', 'currency', 'cash', 'created_at'];
      const cells = rows.map((r) => [r.name, r.currency, r.cash, r.created_at]);
      process.stdout.write(format === 'csv' ? renderCsv(headers, cells) : renderTable(headers, cells, new Set([2])));
    });

  const show = withDbOption(new Command('show'))
    .description('cash, equity, positions, open orders and KPIs of an account')
    .argument('<name>', 'account name')
    .option('-o, --output <format>', 'table, json or csv', 'table')
    .option('--json', 'shorthand for -o json')
    .action((name: string, flags: OutFlags) => {
      const format = outputFormat(flags);
      const db = openDbFromFlags(flags);
      const s = summariseAccount(db, findAccount(db, name));
      if (format === 'json') return writeJson(s);
      const headers = ['symbol', 'qty', 'avg_price', 'last_price', 'market_value', 'unrealized', 'realized', 'marked_at', 'mark_source'];
      const cells = s.positions.map((p) => [p.symbol, p.qty, p.avg_price, p.last_price ?? '-', p.market_value, p.unrealized, p.realized, p.mark_time ?? '-', p.mark_source ?? '-']);
      if (format === 'csv') return void process.stdout.write(renderCsv(headers, cells));
      process.stdout.write(
        renderTable(['account', s.name], [
          ['currency', s.currency],
          ['cash', s.cash],
          ['equity', s.equity],
          ['P&L (realized + unrealized - fees)', s.kpis.pnl],
          ['return', s.kpis.return_pct === null ? 'n/a (no deposits)' : `${s.kpis.return_pct} %`],
          ['realized', s.kpis.realized],
          ['unrealized', s.kpis.unrealized],
          ['fees', s.kpis.fees],
          ['game rewards (cash, not P&L)', s.kpis.rewards],
          ['fills / runs', `${s.kpis.fills} / ${s.kpis.runs}`],
          ['open orders', String(s.open_orders.length)],
        ]),
      );
      if (cells.length > 0) process.stdout.write('\n' + renderTable(headers, cells, new Set([1, 2, 3, 4, 5, 6])));
    });

  return new Command('account')
    .description('paper accounts that persist between runs')
    .addCommand(create)
    .addCommand(list)
    .addCommand(show)
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade account create alice --cash 25000
  $ vtrade account list
  $ vtrade account show alice -o json`,
    );
}
