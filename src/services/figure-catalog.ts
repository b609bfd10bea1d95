/**
 * What each named figure of a run means for comparison and tracking: which way is better and in
 * what unit it is measured. `vtrade compare` uses the direction to decide what "worse" means;
 * the benchmark reporter uses the unit and states the direction.
 *
 * Directions:
 * - higher: more is better (P&L, return, Sharpe, Sortino, throughput);
 * - lower: less is better (costs, risk, rejects: fees, max_drawdown, volatility, slippage);
 * - none: a count that describes the run rather than grades it (fills, orders, events,
 *   position, traded notional); a change either way is what matters.
 */
export type Direction = 'higher' | 'lower' | 'none';

/** money: decimal text in the instrument currency; ratio: a float; count: a whole number. */
export type FigureKind = 'money' | 'ratio' | 'count';

export interface FigureSpec {
  direction: Direction;
  kind: FigureKind;
  /** The unit; "currency" stands for the instrument's currency. */
  unit: string;
}

export const FIGURES: Readonly<Record<string, FigureSpec>> = {
  pnl: { direction: 'higher', kind: 'money', unit: 'currency' },
  realized: { direction: 'higher', kind: 'money', unit: 'currency' },
  unrealized: { direction: 'higher', kind: 'money', unit: 'currency' },
  fees: { direction: 'lower', kind: 'money', unit: 'currency' },
  end_equity: { direction: 'higher', kind: 'money', unit: 'currency' },
  total_return: { direction: 'higher', kind: 'ratio', unit: 'fraction' },
  sharpe: { direction: 'higher', kind: 'ratio', unit: 'ratio' },
  sortino: { direction: 'higher', kind: 'ratio', unit: 'ratio' },
  volatility: { direction: 'lower', kind: 'ratio', unit: 'fraction' },
  max_drawdown: { direction: 'lower', kind: 'ratio', unit: 'fraction' },
  events: { direction: 'none', kind: 'count', unit: 'events' },
  orders: { direction: 'none', kind: 'count', unit: 'orders' },
  fills: { direction: 'none', kind: 'count', unit: 'fills' },
  trades: { direction: 'none', kind: 'count', unit: 'fills' },
  maker_fills: { direction: 'none', kind: 'count', unit: 'fills' },
  taker_fills: { direction: 'none', kind: 'count', unit: 'fills' },
  rejects: { direction: 'lower', kind: 'count', unit: 'rejects' },
  slippage_bps: { direction: 'lower', kind: 'ratio', unit: 'bps' },
  slippage_cost: { direction: 'lower', kind: 'money', unit: 'currency' },
  notional: { direction: 'none', kind: 'money', unit: 'currency' },
  position: { direction: 'none', kind: 'ratio', unit: 'qty' },
  events_per_second: { direction: 'higher', kind: 'ratio', unit: 'events/s' },
  seconds: { direction: 'lower', kind: 'ratio', unit: 's' },
};

/** The spec of a figure; figures vtrade does not know are ratios with no better direction. */
export function figureSpec(name: string): FigureSpec {
  return Object.hasOwn(FIGURES, name) ? FIGURES[name] : { direction: 'none', kind: 'ratio', unit: '' };
}

/** The unit to print: money figures take the currency when it is known, else "". */
export function figureUnit(name: string, currency: string | undefined): string {
  const unit = figureSpec(name).unit;
  return unit === 'currency' ? (currency ?? '') : unit;
}
