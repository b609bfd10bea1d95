import { Command } from 'commander';
import { outputFormat, renderCsv, renderTable, writeJson } from '../cli-support/output.js';
import { findAccount } from '../store/accounts.js';
import { isoInZone, zoneOfAssetClass } from '../cli-support/local-time.js';
import { fillRows, ledgerRows, type HistoryRow } from '../store/account-history.js';
import type { Db } from '../store/database.js';
import { openDbFromFlags, withDbOption } from './db-option.js';

type OutFlags = { db?: string; output?: string; json?: boolean };

/**
 * An account's rows: JSON keeps every column as stored (times in exact ns); tables and CSV show
 * the time as people read it, ISO 8601 in the instrument's zone, in place of `ts_ns`.
 */
function listing(name: string, description: string, headers: string[], rowsOf: (db: Db, accountId: number) => HistoryRow[], example: string): Command {
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
      const rows = rowsOf(db, a.id);
      if (format === 'json') return writeJson(rows.map(({ asset_class: _, ...r }) => r));
      const cells = rows.map((r) => headers.map((h) => (h === 'time' ? readableTime(r) : String(r[h] ?? ''))));
      process.stdout.write(format === 'csv' ? renderCsv(headers, cells) : renderTable(headers, cells));
    });
}

export function ledgerCommand(): Command {
  return listing(
    'ledger',
    'every cash movement of an account, typed, with the running balance',
    ['id', 'time', 'kind', 'amount', 'balance', 'memo'],
    ledgerRows,
    'alice',
  );
}

export function fillsCommand(): Command {
  return listing(
    'fills',
    'every fill of an account',
    ['id', 'run_id', 'time', 'symbol', 'side', 'price', 'qty', 'notional', 'fee', 'liquidity', 'client_id'],
    fillRows,
    'alice',
  );
}

/** A row's time in its instrument's zone; rows with no time of their own (an opening deposit) show none. */
function readableTime(r: Record<string, string | number>): string {
  const ns = String(r.ts_ns ?? '0');
  return ns === '0' ? '' : isoInZone(ns, zoneOfAssetClass(r.asset_class === null ? undefined : String(r.asset_class)));
}
