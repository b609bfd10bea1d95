import { Decimal } from 'decimal.js';
import type { Strategy } from '../engine/strategy.js';
import { instrumentId, lotsToQty, ticksToPrice, type Instrument } from '../engine/model/instrument.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import type { MarketData } from '../data/market-data.js';
import { mergeParts, overlapWarning } from '../data/merge-parts.js';
import type { ListedOrder } from '../data/orders-csv.js';
import { makeKernel, visibleLevelsOf } from './backtest.js';
import type { RunConfig } from './run-config.js';
import { assertQueueFitsData } from './order-level.js';

export interface TcaOrderResult {
  id: string;
  instrument: string;
  status: string;
  filled_qty: string;
  notional: string;
  avg_price: string | null;
  arrival_mid: string | null;
  slippage_bps: string | null;
  fees: string;
  fills: { price: string; qty: string }[];
}

/** Submits each listed order at its time; nothing else trades. */
export function scheduledOrders(orders: ListedOrder[]): Strategy {
  const sorted = [...orders].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.line - b.line));
  return {
    onStart(ctx) {
      for (const o of sorted) ctx.setTimer(o.ts, o.id);
    },
    onTimer(ctx, id) {
      const o = sorted.find((x) => x.id === id)!;
      ctx.submit({ clientId: o.id, side: o.side, type: o.type, qty: o.qty, limit: o.limit, tif: o.tif, instrument: o.instrument });
    },
  };
}

/**
 * Transaction cost analysis: replays a list of orders against history through the venue and
 * reports each order's fills, VWAP, slippage against the mid on arrival, and fees. Risk limits
 * are lifted: the question is what the market would have given, not what an account allows.
 */
export async function runTca(
  data: MarketData,
  orders: ListedOrder[],
  config: RunConfig,
  seed: number,
  /** Further instruments' data, merged with `data` by exchange time; orders name theirs. */
  others: MarketData[] = [],
): Promise<{ orders: TcaOrderResult[]; result: RunResult }> {
  const parts = [data, ...others];
  await assertQueueFitsData(config, parts);
  const locate = parts.map((p) => p.instrument.symbol);
  const tcaConfig: RunConfig = { ...config, risk: { ...config.risk, leverage: 1e12, maxPositionFraction: 1e12, allowShort: true, locate } };
  const kernel = makeKernel({
    strategy: scheduledOrders(orders),
    config: tcaConfig,
    seed,
    instrument: data.instrument,
    visibleLevels: visibleLevelsOf(data),
    others: others.map((d) => ({ instrument: d.instrument, visibleLevels: visibleLevelsOf(d) })),
  });
  // An order meets the book after every event at or before its time: one sent before the data
  // begins meets an empty book (not the first recorded one), and one sent after the last event
  // meets the final book (its timer must not lapse with the data).
  let first = orders.length > 0 ? orders[0].ts : undefined;
  let last = first;
  for (const o of orders) {
    if (o.ts < first!) first = o.ts;
    if (o.ts > last!) last = o.ts;
  }
  let started = false;
  const startBefore = (ts: bigint) => {
    started = true;
    if (first !== undefined && first < ts) kernel.advanceTo(first);
  };
  if (others.length === 0) {
    for await (const batch of data.events()) {
      if (!started && batch.length > 0) startBefore(batch[0].tsExch);
      kernel.onBatch(batch);
    }
  } else {
    const spans = await mergeParts(parts, (m, batch, from, to) => {
      if (!started) startBefore(batch[from].tsExch);
      kernel.onEvents(m, batch, from, to);
    });
    const warning = overlapWarning(parts.map((p) => instrumentId(p.instrument)), spans);
    if (warning) data.warnings.push(warning);
  }
  if (last !== undefined) kernel.advanceTo(last);
  const result = kernel.finish();
  const byId = new Map(parts.map((p) => [instrumentId(p.instrument), p.instrument]));
  return { orders: orders.map((o) => summarise(o, result, o.instrument === undefined ? data.instrument : byId.get(o.instrument))), result };
}

/** One order's outcome; `inst` undefined for an order naming an instrument the run does not hold. */
function summarise(o: ListedOrder, result: RunResult, inst: Instrument | undefined): TcaOrderResult {
  const reject = result.rejects.find((r) => r.clientId === o.id);
  if (inst === undefined) {
    const status = reject ? `rejected:${reject.reason}` : 'unsent';
    return { id: o.id, instrument: o.instrument!, status, filled_qty: '0', notional: '0', avg_price: null, arrival_mid: null, slippage_bps: null, fees: '0', fills: [] };
  }
  const fills = result.fills.filter((f) => f.clientId === o.id);
  const venueOrder = result.orders.find((v) => v.req.clientId === o.id);
  const qty = fills.reduce((n, f) => n + f.qty, 0);
  const notional = fills.reduce((s, f) => s.plus(f.notional), new Decimal(0));
  const fees = fills.reduce((s, f) => s.plus(f.fee), new Decimal(0));
  const units = new Decimal(inst.lotSize).times(qty);
  const avg = qty > 0 ? notional.dividedBy(units) : undefined;
  const mid = venueOrder?.arrivalMid;
  const midPrice = mid === undefined ? undefined : new Decimal(mid).times(inst.tickSize);
  const slip = avg && midPrice && !midPrice.isZero() ? avg.minus(midPrice).dividedBy(midPrice).times(10000).times(o.side === 'buy' ? 1 : -1) : undefined;
  return {
    id: o.id,
    instrument: instrumentId(inst),
    status: reject ? `rejected:${reject.reason}` : venueOrder?.status ?? 'unsent',
    filled_qty: lotsToQty(inst, qty),
    notional: notional.toFixed(),
    avg_price: avg ? avg.toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed() : null,
    arrival_mid: midPrice ? midPrice.toFixed() : null,
    slippage_bps: slip ? slip.toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed() : null,
    fees: fees.toFixed(),
    fills: fills.map((f) => ({ price: ticksToPrice(inst, f.price), qty: lotsToQty(inst, f.qty) })),
  };
}
