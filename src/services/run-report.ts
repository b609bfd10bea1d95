import { Decimal } from 'decimal.js';
import { equityKpis, type Kpis } from '../engine/analytics/kpis.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import { instrumentSpec, lotsToQty, ticksToPrice, type Instrument, type InstrumentSpec } from '../engine/model/instrument.js';
import type { RunConfig } from './run-config.js';
import { fillsLog, ordersCsv, runFingerprint } from './run-logs.js';

export { fillLogLine } from './run-logs.js';

/**
 * Version 2 added `fingerprint`: sha256 of the run's orders.csv and fills.jsonl texts (see
 * runFingerprint), so a report alone tells whether two runs traded identically.
 */
export const REPORT_SCHEMA_VERSION = 2;

export interface RunReport {
  schemaVersion: number;
  instrument: InstrumentSpec;
  seed: number;
  /** sha256 of orders.csv followed by fills.jsonl, exactly as --out writes them. */
  fingerprint: string;
  models: RunConfig['models'];
  counters: { events: number; orders: number; fills: number; rejects: number };
  pnl: { start_equity: string; end_equity: string; pnl: string; realized: string; unrealized: string; fees: string };
  position: { qty: string; avg_price: string; mark: string | null };
  volume: { bought: string; sold: string; notional: string };
  slippage: { taker_fills: number; cost: string; bps: string | null };
  kpis: Kpis & { fills: number; maker_fills: number; taker_fills: number };
  rejects_by_reason: Record<string, number>;
  first_ts: string | null;
  last_ts: string | null;
}

/** Money as text with at most 10 decimals (averages and partial closes divide). */
const money = (d: Decimal): string => d.toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed();

/** The run's report: every money figure decimal text, ratios as numbers. */
export function buildReport(
  result: RunResult,
  instrument: Instrument,
  config: RunConfig,
  seed: number,
  /** The run's orders.csv and fills.jsonl texts, when the caller has them already. */
  logs: { orders: string; fills: string } = { orders: ordersCsv(result, instrument), fills: fillsLog(result, instrument) },
): RunReport {
  const acc = result.account;
  const endEquity = acc.equity(result.lastMark);
  const tick = new Decimal(instrument.tickSize);
  const lot = new Decimal(instrument.lotSize);
  let bought = 0;
  let sold = 0;
  let notional = new Decimal(0);
  let slipCost = new Decimal(0);
  let slipNotional = new Decimal(0);
  let takers = 0;
  const midAtArrival = new Map(result.orders.map((o) => [o.req.clientId, o.arrivalMid]));
  for (const f of result.fills) {
    if (f.side === 'buy') bought += f.qty;
    else sold += f.qty;
    notional = notional.plus(f.notional);
    const mid = midAtArrival.get(f.clientId);
    if (f.liquidity === 'taker' && mid !== undefined) {
      takers++;
      // Cost against the arrival mid: positive when the fill was worse than the mid.
      const diff = new Decimal(f.price).minus(mid).times(f.side === 'buy' ? 1 : -1);
      slipCost = slipCost.plus(diff.times(tick).times(lot.times(f.qty)));
      slipNotional = slipNotional.plus(f.notional);
    }
  }
  const rejects: Record<string, number> = {};
  for (const r of result.rejects) rejects[r.reason] = (rejects[r.reason] ?? 0) + 1;
  const equity = result.nav.map((p) => Number(p.equity));
  const kpis = equityKpis(equity, config.navIntervalMs * 1e6);
  const makers = result.fills.filter((f) => f.liquidity === 'maker').length;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    instrument: instrumentSpec(instrument),
    seed,
    fingerprint: runFingerprint(logs.orders, logs.fills),
    models: config.models,
    counters: { events: result.marketEvents, orders: result.orders.length, fills: result.fills.length, rejects: result.rejects.length },
    pnl: {
      start_equity: acc.startingCash.toFixed(),
      end_equity: money(endEquity),
      pnl: money(endEquity.minus(acc.startingCash)),
      realized: money(acc.realized),
      unrealized: money(acc.unrealized(result.lastMark)),
      fees: money(acc.fees),
    },
    position: {
      qty: lotsToQty(instrument, acc.position),
      avg_price: money(acc.avgPrice),
      mark: result.lastMark === undefined ? null : ticksToPrice(instrument, result.lastMark),
    },
    volume: { bought: lotsToQty(instrument, bought), sold: lotsToQty(instrument, sold), notional: notional.toFixed() },
    slippage: {
      taker_fills: takers,
      cost: money(slipCost),
      bps: slipNotional.isZero() ? null : slipCost.dividedBy(slipNotional).times(10000).toDecimalPlaces(4).toFixed(),
    },
    kpis: { ...kpis, fills: result.fills.length, maker_fills: makers, taker_fills: result.fills.length - makers },
    rejects_by_reason: rejects,
    first_ts: result.firstTs?.toString() ?? null,
    last_ts: result.lastTs?.toString() ?? null,
  };
}
