import { createHash } from 'node:crypto';
import type { RunResult, DeliveredFill } from '../engine/kernel/kernel.js';
import { instrumentId, lotsToQty, ticksToPrice, type Instrument } from '../engine/model/instrument.js';

/**
 * The two texts that say what a run did, in the exact bytes --out writes: orders.csv (one row per
 * order the venue saw) and fills.jsonl (one line per fill). They are canonical: a function of the
 * run alone, with fixed field order and exact decimal text, so two runs did the same thing if and
 * only if these texts are equal. Every row names its instrument (symbol.venue): a run may hold
 * several, and prices and sizes are in that instrument's units.
 */

/** One fills-log line: the fill and everything that explains it; `inst` is the fill's own instrument. */
export function fillLogLine(f: DeliveredFill, inst: Instrument): string {
  const line: Record<string, unknown> = {
    seq: f.seq,
    order_id: f.orderId,
    client_id: f.clientId,
    instrument: instrumentId(inst),
    side: f.side,
    price: ticksToPrice(inst, f.price),
    qty: lotsToQty(inst, f.qty),
    liquidity: f.liquidity,
    fee: f.fee,
    notional: f.notional,
    ts_venue: f.tsVenue.toString(),
    ts_delivered: f.tsDelivered.toString(),
    latency_entry_ns: f.entryLatencyNs.toString(),
    latency_response_ns: f.responseLatencyNs.toString(),
    impact_ticks: f.impactTicks,
  };
  if (f.levels) line.levels = f.levels.map((l) => [ticksToPrice(inst, l.price), lotsToQty(inst, l.qty)]);
  if (f.queueAheadAtEntry !== undefined) line.queue_ahead_at_entry = lotsToQty(inst, f.queueAheadAtEntry);
  if (f.outsideWindow) line.outside_window = true;
  return JSON.stringify(line);
}

export function fillsLog(result: Pick<RunResult, 'fills' | 'instruments'>): string {
  return result.fills.map((f) => fillLogLine(f, result.instruments[f.market ?? 0]) + '\n').join('');
}

export const ORDERS_CSV_HEADER = 'id,client_id,side,type,tif,qty,limit,stop,status,filled,instrument';

export function ordersCsv(result: Pick<RunResult, 'orders' | 'instruments'>): string {
  const rows = [ORDERS_CSV_HEADER];
  for (const o of result.orders) {
    const r = o.req;
    const inst = result.instruments[o.market ?? 0];
    rows.push(
      [
        o.id,
        r.clientId,
        r.side,
        r.type,
        r.tif,
        lotsToQty(inst, r.qty),
        r.limit !== undefined ? ticksToPrice(inst, r.limit) : '',
        r.stop !== undefined ? ticksToPrice(inst, r.stop) : '',
        o.status,
        lotsToQty(inst, o.filled),
        instrumentId(inst),
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

/**
 * The run's fingerprint: sha256 (hex) of the UTF-8 bytes of orders.csv followed directly by
 * fills.jsonl. orders.csv always starts with its header and ends with a newline, so the
 * concatenation is unambiguous; the same file bytes on disk give the same hash
 * (`cat orders.csv fills.jsonl | sha256sum`).
 */
export function runFingerprint(orders: string, fills: string): string {
  return createHash('sha256').update(orders, 'utf8').update(fills, 'utf8').digest('hex');
}

/** A run's two logs and their hashes, made once: the report, the manifest and a rerun's check all read them. */
export interface RunLogs {
  orders: string;
  fills: string;
  /** runFingerprint(orders, fills) */
  fingerprint: string;
  /** sha256 (hex) of fills.jsonl alone, as manifests record it: hashed when first read. */
  readonly fillsSha256: string;
}

export function runLogs(result: Pick<RunResult, 'orders' | 'fills' | 'instruments'>): RunLogs {
  const orders = ordersCsv(result);
  const fills = fillsLog(result);
  let fillsSha256: string | undefined;
  return {
    orders,
    fills,
    fingerprint: runFingerprint(orders, fills),
    get fillsSha256() {
      return (fillsSha256 ??= createHash('sha256').update(fills).digest('hex'));
    },
  };
}
