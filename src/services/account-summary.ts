import { Decimal } from 'decimal.js';
import { makeInstrument, type InstrumentSpec } from '../engine/model/instrument.js';
import type { Db } from '../store/database.js';
import { cashOf, positionsOf, type AccountRow } from '../store/accounts.js';

const Money = Decimal.clone({ precision: 80 });

export interface PositionSummary {
  symbol: string;
  qty: string;
  avg_price: string;
  last_price: string | null;
  market_value: string;
  unrealized: string;
  realized: string;
}

export interface AccountSummary {
  name: string;
  currency: string;
  cash: string;
  equity: string;
  positions: PositionSummary[];
  open_orders: [];
  kpis: { fills: number; runs: number; fees: string; realized: string; deposits: string; pnl: string };
}

const money = (d: Decimal) => d.toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed();

/**
 * An account as people and scripts want it: cash, equity marked at each position's last price,
 * positions with average cost and P&L, and running totals. Runs end with no resting orders, so
 * there are no open orders between runs.
 */
export function summariseAccount(db: Db, account: AccountRow): AccountSummary {
  const cash = new Money(cashOf(db, account.id));
  let equity = cash;
  let realized = new Money(0);
  const positions: PositionSummary[] = [];
  for (const p of positionsOf(db, account.id)) {
    const inst = makeInstrument(JSON.parse(p.instrument_json) as InstrumentSpec);
    const units = new Money(p.lots).times(inst.lotSize);
    const cost = new Money(p.cost_basis);
    const last = p.last_price === null ? undefined : new Money(p.last_price);
    const value = last ? last.times(units) : new Money(0);
    const unrealized = last && p.lots !== 0 ? (p.lots > 0 ? value.minus(cost) : cost.minus(value.abs())) : new Money(0);
    realized = realized.plus(p.realized);
    equity = equity.plus(value);
    positions.push({
      symbol: p.symbol,
      qty: p.qty,
      avg_price: p.lots === 0 ? '0' : money(cost.dividedBy(units.abs())),
      last_price: p.last_price,
      market_value: money(value),
      unrealized: money(unrealized),
      realized: money(new Money(p.realized)),
    });
  }
  const totals = db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM fills WHERE account_id = @id) AS fills,
         (SELECT COUNT(*) FROM runs WHERE account_id = @id) AS runs`,
    )
    .get({ id: account.id }) as { fills: number; runs: number };
  let fees = new Money(0);
  let deposits = new Money(0);
  for (const r of db.prepare("SELECT kind, amount FROM ledger WHERE account_id = ? AND kind IN ('commission', 'deposit', 'withdrawal')").all(account.id) as { kind: string; amount: string }[]) {
    if (r.kind === 'commission') fees = fees.minus(r.amount);
    else deposits = deposits.plus(r.amount);
  }
  return {
    name: account.name,
    currency: account.currency,
    cash: money(cash),
    equity: money(equity),
    positions,
    open_orders: [],
    kpis: { fills: totals.fills, runs: totals.runs, fees: money(fees), realized: money(realized), deposits: money(deposits), pnl: money(equity.minus(deposits)) },
  };
}
