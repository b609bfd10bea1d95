import { describe, expect, it } from 'vitest';
import { createAccount } from '../../store/accounts.js';
import { openDatabase } from '../../store/database.js';
import { loadAccount } from './account-source.js';

function freshAccount() {
  const db = openDatabase(':memory:');
  const account = createAccount(db, 'alice', '1000', 'USD', '2024-01-02T00:00:00.000Z');
  return { db, account };
}

describe('account equity curve', () => {
  it('is the opening deposit alone for an account that never traded', () => {
    const { db, account } = freshAccount();
    const data = loadAccount(db, account);
    expect(data.equitySource).toBe('ledger');
    expect(data.equity.map((p) => p.equity)).toEqual(['1000']);
    expect(data.money).toMatchObject({ startEquity: '1000', endEquity: '1000', pnl: '0', cash: '1000', fills: 0 });
    expect(data.holdings).toEqual([{ symbol: 'cash', assetClass: 'cash', sector: null, qty: '0', price: null, value: '1000' }]);
  });

  it('reads equity_snapshots when the account has them, in numeric time order', () => {
    const { db, account } = freshAccount();
    db.exec('CREATE TABLE equity_snapshots (account_id INTEGER NOT NULL, day TEXT NOT NULL, ts_ns TEXT NOT NULL, equity TEXT NOT NULL)');
    const add = db.prepare('INSERT INTO equity_snapshots (account_id, day, ts_ns, equity) VALUES (?, ?, ?, ?)');
    // As text, "900..." sorts after "1000...": the curve must still go by time.
    add.run(account.id, '2024-01-03', '1704326400000000000', '1010');
    add.run(account.id, '2001-09-09', '999999999000000000', '990');
    add.run(account.id, '2024-01-04', '1704412800000000000', '1000');
    const data = loadAccount(db, account);
    expect(data.equitySource).toBe('equity_snapshots');
    expect(data.equity.map((p) => [p.ts, p.equity])).toEqual([
      [999999999000000000n, '990'],
      [1704326400000000000n, '1010'],
      [1704412800000000000n, '1000'],
    ]);
  });
});
