import { Decimal } from 'decimal.js';
import Database from 'better-sqlite3';

/**
 * What the fault tests check in the account database: every fill once, and a ledger where each
 * entry's balance is the previous balance plus its amount, ending at the cash the fills imply.
 */
export interface LedgerCheck {
  fills: { event_id: string; side: string; price: string; qty: string; fee: string; ts_ns: string; client_id: string }[];
  balanced: boolean;
  /** Opening deposit plus every fill's cash effect, computed from the fills alone. */
  expectedCash: string;
  cash: string;
}

export function checkLedger(dbPath: string, account: string): LedgerCheck {
  const db = new Database(dbPath, { readonly: true });
  try {
    const acc = db.prepare('SELECT id FROM accounts WHERE name = ?').get(account) as { id: number };
    const fills = db.prepare('SELECT event_id, side, price, qty, fee, ts_ns, client_id, notional FROM fills WHERE account_id = ? ORDER BY id').all(acc.id) as (LedgerCheck['fills'][number] & { notional: string })[];
    const rows = db.prepare('SELECT amount, balance, kind FROM ledger WHERE account_id = ? ORDER BY id').all(acc.id) as { amount: string; balance: string; kind: string }[];
    let running = new Decimal(0);
    let balanced = true;
    for (const r of rows) {
      running = running.plus(r.amount);
      if (!running.equals(r.balance)) balanced = false;
    }
    let expected = new Decimal(rows.filter((r) => r.kind === 'deposit').reduce((a, r) => a.plus(r.amount), new Decimal(0)));
    for (const f of fills) expected = (f.side === 'buy' ? expected.minus(f.notional) : expected.plus(f.notional)).minus(f.fee);
    return { fills, balanced, expectedCash: expected.toFixed(), cash: rows.length ? new Decimal(rows[rows.length - 1].balance).toFixed() : '0' };
  } finally {
    db.close();
  }
}
