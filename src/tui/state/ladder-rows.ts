import type { EngineSnapshot } from '../session/types.js';
import { isOpen } from '../session/manual-trading.js';

export const DEPTH_PRESETS = [5, 10, 20] as const;

export interface LadderRow {
  side: 'bid' | 'ask';
  price: number;
  /** Lots on the recorded book at this price. */
  size: number;
  /** Size relative to the largest level shown, 0..1. */
  bar: number;
  /** Lots of the account's open orders resting here (not yet filled). */
  ownBuy: number;
  ownSell: number;
}

/**
 * The ladder as rows, top to bottom: asks from the `depth`-th best down to the best, then bids
 * from the best down. The account's open limit orders are marked at their levels; an order at a
 * price the book does not show (inside the spread, or an empty level in range) gets a row of its
 * own with size 0, so it is always visible where it rests.
 */
export function ladderRows(snap: Pick<EngineSnapshot, 'bids' | 'asks' | 'orders'>, depth: number): LadderRow[] {
  const own = new Map<number, { buy: number; sell: number }>();
  for (const o of snap.orders) {
    if (o.limit === undefined || !isOpen(o) || o.type === 'market') continue;
    const m = own.get(o.limit) ?? { buy: 0, sell: 0 };
    m[o.side] += o.qty - o.filled;
    own.set(o.limit, m);
  }
  const asks = snap.asks.slice(0, depth);
  const bids = snap.bids.slice(0, depth);
  const levels = new Map<number, { side: 'bid' | 'ask'; size: number }>();
  for (const [p, s] of asks) levels.set(p, { side: 'ask', size: s });
  for (const [p, s] of bids) levels.set(p, { side: 'bid', size: s });
  const bestBid = bids[0]?.[0];
  const bestAsk = asks[0]?.[0];
  const lo = bids.length > 0 ? bids[bids.length - 1][0] : bestAsk;
  const hi = asks.length > 0 ? asks[asks.length - 1][0] : bestBid;
  for (const [p, m] of own) {
    if (levels.has(p)) continue;
    if (lo !== undefined && hi !== undefined && (p < lo || p > hi)) continue;
    // Which side it sits on: an own buy rests on the bid side, an own sell on the ask side.
    const side = m.buy > 0 && (bestAsk === undefined || p < bestAsk) ? 'bid' : m.sell > 0 && (bestBid === undefined || p > bestBid) ? 'ask' : m.buy > 0 ? 'bid' : 'ask';
    levels.set(p, { side, size: 0 });
  }
  const prices = [...levels.keys()].sort((a, b) => b - a);
  const max = Math.max(1, ...[...levels.values()].map((l) => l.size));
  return prices.map((p) => {
    const l = levels.get(p)!;
    const m = own.get(p);
    return { side: l.side, price: p, size: l.size, bar: l.size / max, ownBuy: m?.buy ?? 0, ownSell: m?.sell ?? 0 };
  });
}

/** Index of the best bid row (the first bid), or 0. */
export function bestBidRow(rows: readonly LadderRow[]): number {
  const i = rows.findIndex((r) => r.side === 'bid');
  return i < 0 ? 0 : i;
}
