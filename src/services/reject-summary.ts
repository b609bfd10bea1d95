import type { RunResult } from '../engine/kernel/kernel.js';

/** What to try when most of a run's orders were refused for this reason. */
const HINTS: Record<string, string> = {
  invalid_qty: 'sizes are whole lots of the instrument: see the lot in the run header',
  invalid_price: 'prices are whole ticks of the instrument: see the tick in the run header',
  missing_price: 'a market order needs a quote on the other side: wait for the book to fill',
  post_only_would_take: 'a post-only order priced through the touch would take: price it behind the best quote',
  fok_unfillable: 'the book did not hold the whole size at once: smaller orders, or IOC',
  reduce_only_would_increase: 'reduce-only orders can only shrink the position',
  insufficient_buying_power: 'orders cost more than the cash the account had: smaller orders, or more cash (risk.leverage in --config)',
  position_limit: 'the position would pass the concentration cap: smaller orders, or risk.maxPositionFraction in --config',
  short_not_located: 'selling more than held needs shorting allowed and a locate: risk.allowShort and risk.locate in --config',
  unknown_order: 'the strategy cancelled or replaced an order the venue no longer knows',
  order_not_open: 'the strategy cancelled or replaced an order already filled or cancelled',
  no_liquidity: 'nothing to trade against at the time: the book was empty on that side',
  expired: 'orders lived past their time in force (GTC orders expire after gtcDays in --config)',
};

export interface RejectCount {
  reason: string;
  count: number;
}

/** A run's refused orders by reason, most frequent first (ties by name: the same bytes every time). */
export function rejectCounts(result: Pick<RunResult, 'rejects'>): RejectCount[] {
  const by = new Map<string, number>();
  for (const r of result.rejects) by.set(r.reason, (by.get(r.reason) ?? 0) + 1);
  return [...by].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** One line for a summary: "insufficient_buying_power 20, expired 2 (hint: ...)", or "none". */
export function rejectLine(counts: RejectCount[]): string {
  if (counts.length === 0) return 'none';
  const list = counts.map((c) => `${c.reason} ${c.count}`).join(', ');
  const hint = HINTS[counts[0].reason];
  return hint ? `${list} (hint: ${hint})` : list;
}
