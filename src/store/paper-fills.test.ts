import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { makeInstrument } from '../engine/model/instrument.js';
import type { DeliveredFill } from '../engine/kernel/kernel.js';
import { openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { cashOf, createAccount, positionOf } from './accounts.js';
import { bookFill } from './paper-fills.js';
import { createRun } from './runs.js';

const inst = makeInstrument({ symbol: 'XYZ', venue: 'TEST', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const D = Decimal.clone({ precision: 80 });

function freshDb() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'vtrade-db-')), 'v.db'));
  const account = createAccount(db, 'alice', '100000', 'USD', '2026-01-01T00:00:00Z');
  const run = createRun(db, {
    accountId: account.id,
    symbol: 'XYZ',
    data: [],
    strategy: { kind: 'file', path: 'x', sha256: 'x' },
    config: {},
    seed: 1,
    startCash: '100000',
    startPositionLots: 0,
    startCostBasis: '0',
    nowIso: '2026-01-01T00:00:00Z',
  });
  return { db, account, run };
}

function fill(seq: number, side: 'buy' | 'sell', price: number, qty: number, fee: string): DeliveredFill {
  const notional = new D(price).times('0.01').times(qty).toFixed();
  return {
    seq,
    orderId: seq,
    clientId: `o${seq}`,
    side,
    price,
    qty,
    liquidity: 'taker',
    fee,
    notional,
    tsVenue: BigInt(seq),
    tsDelivered: BigInt(seq),
    impactTicks: 0,
    entryLatencyNs: 0n,
    responseLatencyNs: 0n,
  };
}

describe('booking fills into a paper account', () => {
  it('migrates a new database to the latest schema', () => {
    const { db } = freshDb();
    expect(schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
  });

  it('books a fill once: the same event again changes nothing', () => {
    const { db, account, run } = freshDb();
    const f = fill(1, 'buy', 10_000, 50, '1.25'); // 50 x $100.00 = 5000, fee 1.25
    expect(bookFill(db, { accountId: account.id, runId: run.id, instrument: inst, fill: f })).toBe(true);
    expect(bookFill(db, { accountId: account.id, runId: run.id, instrument: inst, fill: f })).toBe(false);
    // 100000 - 5000 - 1.25
    expect(cashOf(db, account.id)).toBe('94998.75');
    expect(positionOf(db, account.id, 'XYZ')?.lots).toBe(50);
    const kinds = db.prepare('SELECT kind, amount, balance FROM ledger WHERE account_id = ? ORDER BY id').all(account.id);
    expect(kinds).toEqual([
      { kind: 'deposit', amount: '100000', balance: '100000' },
      { kind: 'trade_purchase', amount: '-5000', balance: '95000' },
      { kind: 'commission', amount: '-1.25', balance: '94998.75' },
    ]);
  });

  it('the ledger balances after every event, over random fill sequences', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
            price: fc.integer({ min: 1, max: 1_000_000 }),
            qty: fc.integer({ min: 1, max: 500 }),
            feeCents: fc.integer({ min: 0, max: 1000 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (steps) => {
          const { db, account, run } = freshDb();
          let expectCash = new D(100000);
          let expectLots = 0;
          steps.forEach((s, i) => {
            const fee = new D(s.feeCents).dividedBy(100).toFixed();
            const f = fill(i + 1, s.side, s.price, s.qty, fee);
            bookFill(db, { accountId: account.id, runId: run.id, instrument: inst, fill: f });
            const n = new D(f.notional);
            expectCash = (s.side === 'buy' ? expectCash.minus(n) : expectCash.plus(n)).minus(fee);
            expectLots += s.side === 'buy' ? s.qty : -s.qty;
            // After every fill: each ledger row's balance is the previous balance plus its amount.
            const rows = db.prepare('SELECT amount, balance FROM ledger WHERE account_id = ? ORDER BY id').all(account.id) as { amount: string; balance: string }[];
            let running = new D(0);
            for (const r of rows) {
              running = running.plus(r.amount);
              expect(r.balance).toBe(running.toFixed());
            }
            expect(cashOf(db, account.id)).toBe(expectCash.toFixed());
            expect(positionOf(db, account.id, 'XYZ')?.lots).toBe(expectLots);
          });
          db.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
