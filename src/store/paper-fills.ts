import { Decimal } from 'decimal.js';
import type { DeliveredFill } from '../engine/kernel/kernel.js';
import { instrumentSpec, lotsToQty, ticksToPrice, type Instrument } from '../engine/model/instrument.js';
import { Account } from '../engine/portfolio/account.js';
import type { Db } from './database.js';
import { cashOf, positionOf } from './accounts.js';
import { accountSymbols } from './account-symbols.js';

const Money = Decimal.clone({ precision: 80 });

/**
 * Books one fill into a paper account, exactly once: the fill row, its cash movements in the
 * ledger (purchase or sale, then commission) with running balances, and the position. All in one
 * transaction keyed by the fill's event id, so a replay resumed after a crash that reaches the
 * same fill again changes nothing. Returns false when the fill was already booked. `bookedAt`
 * (wall clock) is given on live feeds, where a run can last for days: the game dates such fills by it.
 */
export function bookFill(
  db: Db,
  args: {
    accountId: number;
    runId: number;
    instrument: Instrument;
    /** The name the account keeps the instrument under (see accountSymbols); looked up when absent. */
    symbol?: string;
    fill: DeliveredFill;
    lastPrice?: number;
    bookedAt?: string;
    markSource?: string;
  },
): boolean {
  const { accountId, runId, instrument: inst, fill: f } = args;
  const symbol = args.symbol ?? accountSymbols(db, accountId, [inst])[0];
  const eventId = `run:${runId}:fill:${f.seq}`;
  return db.transaction(() => {
    const inserted = db
      .prepare(
        `INSERT OR IGNORE INTO fills (event_id, account_id, run_id, symbol, client_id, side, price, qty, notional, fee, liquidity, ts_ns, booked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(eventId, accountId, runId, symbol, f.clientId, f.side, ticksToPrice(inst, f.price), lotsToQty(inst, f.qty), f.notional, f.fee, f.liquidity, f.tsDelivered.toString(), args.bookedAt ?? null);
    if (inserted.changes === 0) return false;

    let balance = new Money(cashOf(db, accountId));
    const addLedger = (suffix: string, kind: string, amount: Decimal, memo: string) => {
      balance = balance.plus(amount);
      db.prepare('INSERT INTO ledger (account_id, event_id, kind, amount, balance, ts_ns, memo) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        accountId,
        `${eventId}:${suffix}`,
        kind,
        amount.toFixed(),
        balance.toFixed(),
        f.tsDelivered.toString(),
        memo,
      );
    };
    const notional = new Money(f.notional);
    const what = `${f.side} ${lotsToQty(inst, f.qty)} ${symbol} @ ${ticksToPrice(inst, f.price)}`;
    if (f.side === 'buy') addLedger('cash', 'trade_purchase', notional.negated(), what);
    else addLedger('cash', 'trade_sale', notional, what);
    const fee = new Money(f.fee);
    if (!fee.isZero()) addLedger('fee', 'commission', fee.negated(), `${f.liquidity} fee on ${what}`);

    // The position moves by the same average-cost rules as the engine's account.
    const row = positionOf(db, accountId, symbol);
    const acc = new Account(inst, '0');
    if (row) {
      acc.carryPosition(row.lots, row.cost_basis);
      acc.realized = new Money(row.realized);
    }
    acc.applyFill(f.side, f.price, f.qty, fee);
    db.prepare(
      `INSERT INTO positions (account_id, symbol, instrument_json, lots, qty, cost_basis, realized, last_price, mark_ts_ns, mark_source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, symbol) DO UPDATE SET lots = excluded.lots, qty = excluded.qty, cost_basis = excluded.cost_basis,
         realized = excluded.realized, last_price = excluded.last_price, instrument_json = excluded.instrument_json,
         mark_ts_ns = excluded.mark_ts_ns, mark_source = excluded.mark_source`,
    ).run(
      accountId,
      symbol,
      JSON.stringify(instrumentSpec(inst)),
      acc.position,
      lotsToQty(inst, acc.position),
      acc.costBasis.toFixed(),
      acc.realized.toFixed(),
      ticksToPrice(inst, args.lastPrice ?? f.price),
      f.tsDelivered.toString(),
      args.markSource ?? null,
    );
    db.prepare('UPDATE runs SET fills = fills + 1 WHERE id = ?').run(runId);
    return true;
  })();
}

/** Records the latest mark of a position kept as `symbol` (for equity between runs), with its data time and source. */
export function markPosition(db: Db, accountId: number, symbol: string, inst: Instrument, priceTicks: number, at?: { tsNs: bigint; source: string }): void {
  db.prepare('UPDATE positions SET last_price = ?, mark_ts_ns = ?, mark_source = ? WHERE account_id = ? AND symbol = ?').run(
    ticksToPrice(inst, priceTicks),
    at?.tsNs.toString() ?? null,
    at?.source ?? null,
    accountId,
    symbol,
  );
}

/** The data time of the last fill a run has booked, if any. */
export function lastRunFillTs(db: Db, runId: number): bigint | undefined {
  const row = db.prepare('SELECT ts_ns FROM fills WHERE run_id = ? ORDER BY id DESC LIMIT 1').get(runId) as { ts_ns: string } | undefined;
  return row ? BigInt(row.ts_ns) : undefined;
}

/** How many fills a run has booked so far. */
export function countRunFills(db: Db, runId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM fills WHERE run_id = ?').get(runId) as { n: number }).n;
}
