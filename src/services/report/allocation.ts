import type { Holding } from './report-data.js';

export type AllocationGroup = 'sector' | 'asset_class' | 'symbol';

export interface AllocationShare {
  key: string;
  /** Net market value of the slice (longs less shorts; cash as its balance), in the account currency. */
  value: number;
  /** The slice's gross value (sum of |value| of its holdings) over the total gross: the shares of one grouping add up to 1. */
  weight: number;
}

/** What a holding is filed under in each grouping. Cash is its own sector and class. */
function keyOf(h: Holding, by: AllocationGroup): string {
  if (h.assetClass === 'cash') return 'cash';
  if (by === 'symbol') return h.symbol;
  if (by === 'asset_class') return h.assetClass;
  return h.sector ?? 'unknown sector';
}

/**
 * Holdings at the end grouped by sector, asset class or symbol, each weighted by gross market
 * value (a short counts by its size, as exposure), largest first. Zero values are left out.
 */
export function allocation(holdings: readonly Holding[], by: AllocationGroup): AllocationShare[] {
  const groups = new Map<string, { net: number; gross: number }>();
  let total = 0;
  for (const h of holdings) {
    const v = Number(h.value);
    if (v === 0) continue;
    const k = keyOf(h, by);
    const g = groups.get(k) ?? { net: 0, gross: 0 };
    g.net += v;
    g.gross += Math.abs(v);
    total += Math.abs(v);
    groups.set(k, g);
  }
  return [...groups]
    .map(([key, g]) => ({ key, value: g.net, weight: total === 0 ? 0 : g.gross / total }))
    .sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
