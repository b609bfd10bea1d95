import { Command } from 'commander';
import { outputFormat, renderCsv, renderTable, writeJson } from '../cli-support/output.js';
import { findAccount } from '../store/accounts.js';
import { openDbFromFlags, withDbOption } from './db-option.js';

type OutFlags = { db?: string; output?: string; json?: boolean };

function listing(name: string, description: string, headers: string[], query: string, example: string): Command {
  return withDbOption(new Command(name))
    .description(description)
    .argument('<account>', 'account name')
    .option('-o, --output <format>', 'table, json or csv', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText('after', `\nExamples:\n  $ vtrade ${name} ${example}\n  $ vtrade ${name} ${example} -o csv > ${name}.csv`)
    .action((account: string, flags: OutFlags) => {
      const format = outputFormat(flags);
      const db = openDbFromFlags(flags);
      const a = findAccount(db, account);
      const rows = db.prepare(query).all(a.id) as Record<string, string | number>[];
      if (format === 'json') return writeJson(rows);
      const cells = rows.map((r) => headers.map((h) => String(r[h] ?? '')));
      process.stdout.write(format === 'csv' ? renderCsv(headers, cells) : renderTable(headers, cells));
    });
}

export function ledgerCommand(): Command {
  return listing(
    'ledger',
    'every cash movement of an account, typed, with the running balance',
    ['id', 'ts_ns', 'kind', 'amount', 'balance', 'memo'],
    'SELECT id, ts_ns, kind, amount, balance, memo FROM ledger WHERE account_id = ? ORDER BY id',
    'alice',
  );
}

export function fillsCommand(): Command {
  return listing(
    'fills',
    'every fill of an account',
    ['id', 'run_id', 'ts_ns', 'symbol', 'side', 'price', 'qty', 'notional', 'fee', 'liquidity', 'client_id'],
    'SELECT id, run_id, ts_ns, symbol, side, price, qty, notional, fee, liquidity, client_id FROM fills WHERE account_id = ? ORDER BY id',
    'alice',
  );
}
