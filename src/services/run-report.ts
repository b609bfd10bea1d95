import { Decimal } from 'decimal.js';
import { equityKpis, type Kpis } from '../engine/analytics/kpis.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import { instrumentId, instrumentSpec, lotsToQty, ticksToPrice, type Instrument, type InstrumentSpec } from '../engine/model/instrument.js';
import type { RunConfig } from './run-config.js';
import { runLogs, type RunLogs } from './run-logs.js';

export { fillLogLine } from './run-logs.js';

/**
 * Version 2 added `fingerprint`: sha256 of the run's orders.csv and fills.jsonl texts (see
 * runFingerprint), so a report alone tells whether two runs traded identically. Version 3 added
 * `instruments`: each instrument's position, P&L, volume and counts (a run may hold several).
 */
export const REPORT_SCHEMA_VERSION = 3;

/** One instrument of the run: what it holds, earned and traded. Its P&L is realized + unrealized - fees. */
export interface InstrumentReport {
  id: string;
  instrument: InstrumentSpec;
  position: { qty: string; avg_price: string; mark: string | null };
  pnl: { pnl: string; realized: string; unrealized: string; fees: string };
  volume: { bought: string; sold: string; notional: string };
  counters: { orders: number; fills: number; maker_fills: number; taker_fills: number };
}

/**
 * A run's report. `instrument` and `position` are the first instrument's, and so are `volume`'s
 * bought and sold sizes (sizes of different instruments do not add up); every other figure is
 * the run's total over all its instruments, each of which has its own entry in `instruments`.
 */
export interface RunReport {
  schemaVersion: number;
  instrument: InstrumentSpec;
  instruments: InstrumentReport[];
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
  /** The run's logs and fingerprint, when the caller has them already. */
  logs: Pick<RunLogs, 'fingerprint'> = runLogs(result),
): RunReport {
  const acc = result.account;
  const endEquity = acc.equity(result.instruments.length === 1 ? result.lastMark : result.marks);
  const per = result.instruments.map(() => ({ bought: 0, sold: 0, notional: new Decimal(0), fills: 0, makers: 0, orders: 0 }));
  let notional = new Decimal(0);
  let slipCost = new Decimal(0);
  let slipNotional = new Decimal(0);
  let takers = 0;
  const midAtArrival = new Map(result.orders.map((o) => [o.req.clientId, o.arrivalMid]));
  for (const o of result.orders) per[o.market ?? 0].orders++;
  for (const f of result.fills) {
    const m = f.market ?? 0;
    const p = per[m];
    if (f.side === 'buy') p.bought += f.qty;
    else p.sold += f.qty;
    p.fills++;
    if (f.liquidity === 'maker') p.makers++;
    p.notional = p.notional.plus(f.notional);
    notional = notional.plus(f.notional);
    const mid = midAtArrival.get(f.clientId);
    if (f.liquidity === 'taker' && mid !== undefined) {
      takers++;
      const inst = result.instruments[m];
      // Cost against the arrival mid: positive when the fill was worse than the mid.
      const diff = new Decimal(f.price).minus(mid).times(f.side === 'buy' ? 1 : -1);
      slipCost = slipCost.plus(diff.times(inst.tickSize).times(new Decimal(inst.lotSize).times(f.qty)));
      slipNotional = slipNotional.plus(f.notional);
    }
  }
  const rejects: Record<string, number> = {};
  for (const r of result.rejects) rejects[r.reason] = (rejects[r.reason] ?? 0) + 1;
  const equity = result.nav.map((p) => Number(p.equity));
  const kpis = equityKpis(equity, config.navIntervalMs * 1e6);
  const makers = result.fills.filter((f) => f.liquidity === 'maker').length;
  const instruments: InstrumentReport[] = result.instruments.map((inst, i) => {
    const h = acc.holdings[i];
    const mark = result.marks[i];
    const unrealized = h.unrealized(mark);
    const p = per[i];
    return {
      id: instrumentId(inst),
      instrument: instrumentSpec(inst),
      position: { qty: lotsToQty(inst, h.lots), avg_price: money(h.avgPrice), mark: mark === undefined ? null : ticksToPrice(inst, mark) },
      pnl: { pnl: money(h.realized.plus(unrealized).minus(h.fees)), realized: money(h.realized), unrealized: money(unrealized), fees: money(h.fees) },
      volume: { bought: lotsToQty(inst, p.bought), sold: lotsToQty(inst, p.sold), notional: p.notional.toFixed() },
      counters: { orders: p.orders, fills: p.fills, maker_fills: p.makers, taker_fills: p.fills - p.makers },
    };
  });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    instrument: instrumentSpec(instrument),
    instruments,
    seed,
    fingerprint: logs.fingerprint,
    models: config.models,
    counters: { events: result.marketEvents, orders: result.orders.length, fills: result.fills.length, rejects: result.rejects.length },
    pnl: {
      start_equity: acc.startingCash.toFixed(),
      end_equity: money(endEquity),
      pnl: money(endEquity.minus(acc.startingCash)),
      realized: money(acc.realized),
      unrealized: money(acc.unrealized(result.instruments.length === 1 ? result.lastMark : result.marks)),
      fees: money(acc.fees),
    },
    position: {
      qty: lotsToQty(instrument, acc.position),
      avg_price: money(acc.avgPrice),
      mark: result.lastMark === undefined ? null : ticksToPrice(instrument, result.lastMark),
    },
    volume: { bought: instruments[0].volume.bought, sold: instruments[0].volume.sold, notional: notional.toFixed() },
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
