import type { RunResult } from '../engine/kernel/kernel.js';

/**
 * Scores one queue model's fills against exact FIFO's, order by order. Only orders that rested
 * in the truth run count (where the queue model decides anything), and only their maker fills:
 * what an order takes on arrival is the same under every queue model.
 */

/** What one run did with each resting order: maker lots filled, and when the first came. */
export interface OrderOutcome {
  filled: number;
  firstFill: bigint | undefined;
}

export function outcomes(result: RunResult): Map<string, OrderOutcome> {
  const out = new Map<string, OrderOutcome>();
  for (const o of result.orders) {
    if (o.queueAheadAtEntry !== undefined) out.set(o.req.clientId, { filled: 0, firstFill: undefined });
  }
  for (const f of result.fills) {
    const o = out.get(f.clientId);
    if (!o || f.liquidity !== 'maker') continue;
    o.filled += f.qty;
    if (o.firstFill === undefined || f.tsVenue < o.firstFill) o.firstFill = f.tsVenue;
  }
  return out;
}

export interface ModelScore {
  name: string;
  /** True for power:N with the fitted N. */
  fitted?: boolean;
  /** Of the orders the model filled, the share FIFO filled too (null when it filled none). */
  precision: number | null;
  /** Of the orders FIFO filled, the share the model filled too. */
  recall: number;
  f1: number;
  /** Orders the model filled (at least one maker lot). */
  filled_orders: number;
  /** Mean over scored orders of |model lots - FIFO lots|, in lots, and that total over FIFO's total. */
  qty_error: { mean_abs_lots: number; relative: number };
  /**
   * Orders both filled: model's first fill time minus FIFO's, in ms. `median` and `p90` are of
   * the absolute error; `bias` is the median signed error (negative: the model fills too early).
   */
  first_fill_error_ms: { orders: number; median: number | null; p90: number | null; bias: number | null };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const round = (x: number, digits = 6): number => Number(x.toFixed(digits));

export function scoreModel(name: string, model: Map<string, OrderOutcome>, truth: Map<string, OrderOutcome>): ModelScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let absLots = 0;
  let truthLots = 0;
  const abs: number[] = [];
  const signed: number[] = [];
  for (const [id, t] of truth) {
    const m = model.get(id) ?? { filled: 0, firstFill: undefined };
    const tf = t.filled > 0;
    const mf = m.filled > 0;
    if (tf && mf) tp++;
    else if (mf) fp++;
    else if (tf) fn++;
    absLots += Math.abs(m.filled - t.filled);
    truthLots += t.filled;
    if (t.firstFill !== undefined && m.firstFill !== undefined) {
      const ms = Number(m.firstFill - t.firstFill) / 1e6;
      signed.push(ms);
      abs.push(Math.abs(ms));
    }
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  const f1 = tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : tp + fp + fn === 0 ? 1 : 0;
  abs.sort((a, b) => a - b);
  signed.sort((a, b) => a - b);
  const median = percentile(abs, 50);
  const p90 = percentile(abs, 90);
  const bias = percentile(signed, 50);
  return {
    name,
    precision: precision === null ? null : round(precision),
    recall: round(recall),
    f1: round(f1),
    filled_orders: tp + fp,
    qty_error: { mean_abs_lots: truth.size > 0 ? round(absLots / truth.size) : 0, relative: truthLots > 0 ? round(absLots / truthLots) : 0 },
    first_fill_error_ms: {
      orders: abs.length,
      median: median === null ? null : round(median, 3),
      p90: p90 === null ? null : round(p90, 3),
      bias: bias === null ? null : round(bias, 3),
    },
  };
}

/** Higher F1 first; then the smaller quantity error, the smaller median then p90 time error, the name. */
export function rank(a: ModelScore, b: ModelScore): number {
  if (a.f1 !== b.f1) return b.f1 - a.f1;
  if (a.qty_error.relative !== b.qty_error.relative) return a.qty_error.relative - b.qty_error.relative;
  const am = a.first_fill_error_ms.median ?? Infinity;
  const bm = b.first_fill_error_ms.median ?? Infinity;
  if (am !== bm) return am - bm;
  const ap = a.first_fill_error_ms.p90 ?? Infinity;
  const bp = b.first_fill_error_ms.p90 ?? Infinity;
  if (ap !== bp) return ap - bp;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
