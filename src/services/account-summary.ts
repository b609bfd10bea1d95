import { Decimal } from 'decimal.js';
import { makeInstrument, type InstrumentSpec } from '../engine/model/instrument.js';
import type { Db } from '../store/database.js';
import { cashOf, positionsOf, type AccountRow } from '../store/accounts.js';
import { isoOfNs } from '../store/account-markets.js';
import { activityCounts, nonTradeFlows } from '../store/account-history.js';

const Money = Decimal.clone({ precision: 80 });

export interface PositionSummary {
  symbol: string;
  qty: string;
  avg_price: string;
  last_price: string | null;
  /** When and where the mark was taken: the account's own market. */
  mark_time: string | null;
  mark_source: string | null;
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
  /**
   * Trading only: pnl = realized + unrealized - fees; return_pct is pnl over net deposits.
   * Game rewards are cash but not a return: they have their own line and count in no figure.
   */
  kpis: { fills: number; runs: number; fees: string; realized: string; unrealized: string; deposits: string; rewards: string; pnl: string; return_pct: string | null };
}

const money = (d: Decimal) => d.toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed();

/**
 * An account as people and scripts want it: cash, equity marked at each position's last price
 * in the account's own market,
 * positions with average cost and P&L, and running totals. Runs end with no resting orders, so
 * there are no open orders between runs.
 */
export function summariseAccount(db: Db, account: AccountRow): AccountSummary {
  const cash = new Money(cashOf(db, account.id));
  let equity = cash;
  let realized = new Money(0);
  let unrealizedTotal = new Money(0);
  const positions: PositionSummary[] = [];
  for (const p of positionsOf(db, account.id)) {
    const inst = makeInstrument(JSON.parse(p.instrument_json) as InstrumentSpec);
    const units = new Money(p.lots).times(inst.lotSize);
    const cost = new Money(p.cost_basis);
    const last = p.last_price === null ? undefined : new Money(p.last_price);
    const value = last ? last.times(units) : new Money(0);
    const unrealized = last && p.lots !== 0 ? (p.lots > 0 ? value.minus(cost) : cost.minus(value.abs())) : new Money(0);
    realized = realized.plus(p.realized);
    unrealizedTotal = unrealizedTotal.plus(unrealized);
    equity = equity.plus(value);
    positions.push({
      symbol: p.symbol,
      qty: p.qty,
      avg_price: p.lots === 0 ? '0' : money(cost.dividedBy(units.abs())),
      last_price: p.last_price,
      mark_time: p.mark_ts_ns === null ? null : isoOfNs(p.mark_ts_ns),
      mark_source: p.mark_source,
      market_value: money(value),
      unrealized: money(unrealized),
      realized: money(new Money(p.realized)),
    });
  }
  const totals = activityCounts(db, account.id);
  let fees = new Money(0);
  let deposits = new Money(0);
  let rewards = new Money(0);
  for (const r of nonTradeFlows(db, account.id)) {
    if (r.kind === 'commission') fees = fees.minus(r.amount);
    else if (r.kind === 'reward') rewards = rewards.plus(r.amount);
    else deposits = deposits.plus(r.amount);
  }
  const pnl = realized.plus(unrealizedTotal).minus(fees);
  return {
    name: account.name,
    currency: account.currency,
    cash: money(cash),
    equity: money(equity),
    positions,
    open_orders: [],
    kpis: {
      fills: totals.fills,
      runs: totals.runs,
      fees: money(fees),
      realized: money(realized),
      unrealized: money(unrealizedTotal),
      deposits: money(deposits),
      rewards: money(rewards),
      pnl: money(pnl),
      return_pct: deposits.gt(0) ? pnl.dividedBy(deposits).times(100).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed() : null,
    },
  };
}
