import { Decimal } from 'decimal.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';
import { cashOf } from './accounts.js';

const Money = Decimal.clone({ precision: 80 });

/**
 * Credits a game reward to an account's cash, exactly once per event id, as a 'reward' ledger
 * row carrying the running balance (the same bookkeeping as fills). Returns false when that
 * reward was already credited. Runs inside the caller's transaction when there is one.
 */
export function creditReward(db: Db, r: { accountId: number; eventId: string; amount: string; memo: string; tsNs: string }): boolean {
  return db.transaction(() => {
    if (stmt(db, 'SELECT 1 FROM ledger WHERE event_id = ?').get(r.eventId)) return false;
    const amount = new Money(r.amount);
    const balance = new Money(cashOf(db, r.accountId)).plus(amount);
    stmt(db, "INSERT INTO ledger (account_id, event_id, kind, amount, balance, ts_ns, memo) VALUES (?, ?, 'reward', ?, ?, ?, ?)").run(
      r.accountId,
      r.eventId,
      amount.toFixed(),
      balance.toFixed(),
      r.tsNs,
      r.memo,
    );
    return true;
  })();
}

/** Money that came from outside trading: deposits, withdrawals and rewards. */
export function externalFlows(db: Db, accountId: number): string {
  let total = new Money(0);
  for (const r of stmt(db, "SELECT amount FROM ledger WHERE account_id = ? AND kind IN ('deposit', 'withdrawal', 'reward')").all(accountId) as { amount: string }[]) {
    total = total.plus(r.amount);
  }
  return total.toFixed();
}
