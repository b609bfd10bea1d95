import { Decimal } from 'decimal.js';
import { UsageError } from '../errors.js';
import type { Db } from './database.js';

const Money = Decimal.clone({ precision: 80 });

export interface AccountRow {
  id: number;
  name: string;
  currency: string;
  created_at: string;
}

export interface PositionRow {
  symbol: string;
  instrument_json: string;
  lots: number;
  qty: string;
  cost_basis: string;
  realized: string;
  last_price: string | null;
  /** Data time (ns) and source of the mark: the account's own market, never research data. */
  mark_ts_ns: string | null;
  mark_source: string | null;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Creates an account with an opening deposit, in one transaction. */
export function createAccount(db: Db, name: string, cash: string, currency: string, nowIso: string): AccountRow {
  if (!NAME_RE.test(name)) throw new UsageError(`account name "${name}" is not valid`, 'use letters, digits, dot, dash or underscore (up to 64)');
  if (!/^\d+(\.\d+)?$/.test(cash)) throw new UsageError(`--cash "${cash}" is not an amount`, 'for example --cash 10000');
  if (!/^[A-Z]{3,5}$/.test(currency)) throw new UsageError(`--currency "${currency}" is not a currency code`, 'for example USD or USDT');
  return db.transaction(() => {
    if (db.prepare('SELECT 1 FROM accounts WHERE name = ?').get(name)) {
      throw new UsageError(`an account named "${name}" already exists`, 'pick another name, or use it: vtrade account show ' + name);
    }
    const info = db.prepare('INSERT INTO accounts (name, currency, created_at) VALUES (?, ?, ?)').run(name, currency, nowIso);
    const id = Number(info.lastInsertRowid);
    const amount = new Money(cash).toFixed();
    db.prepare("INSERT INTO ledger (account_id, event_id, kind, amount, balance, ts_ns, memo) VALUES (?, ?, 'deposit', ?, ?, ?, 'opening deposit')").run(
      id,
      `account:${id}:opening`,
      amount,
      amount,
      '0',
    );
    return { id, name, currency, created_at: nowIso };
  })();
}

export function findAccount(db: Db, name: string): AccountRow {
  const row = db.prepare('SELECT id, name, currency, created_at FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
  if (!row) throw new UsageError(`no account named "${name}"`, `create it: vtrade account create ${name} --cash 10000`);
  return row;
}

export function findAccountById(db: Db, id: number): AccountRow {
  const row = db.prepare('SELECT id, name, currency, created_at FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) throw new UsageError(`no account with id ${id}`);
  return row;
}

export function listAccounts(db: Db): AccountRow[] {
  return db.prepare('SELECT id, name, currency, created_at FROM accounts ORDER BY name').all() as AccountRow[];
}

/** The balance after the account's last ledger entry. */
export function cashOf(db: Db, accountId: number): string {
  const row = db.prepare('SELECT balance FROM ledger WHERE account_id = ? ORDER BY id DESC LIMIT 1').get(accountId) as { balance: string } | undefined;
  return row?.balance ?? '0';
}

export function positionsOf(db: Db, accountId: number): PositionRow[] {
  return db
    .prepare('SELECT symbol, instrument_json, lots, qty, cost_basis, realized, last_price, mark_ts_ns, mark_source FROM positions WHERE account_id = ? ORDER BY symbol')
    .all(accountId) as PositionRow[];
}

export function positionOf(db: Db, accountId: number, symbol: string): PositionRow | undefined {
  return db
    .prepare('SELECT symbol, instrument_json, lots, qty, cost_basis, realized, last_price, mark_ts_ns, mark_source FROM positions WHERE account_id = ? AND symbol = ?')
    .get(accountId, symbol) as PositionRow | undefined;
}
