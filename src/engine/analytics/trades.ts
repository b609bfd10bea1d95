import { mean } from './stats.js';
import { ratio, toFloats, type Numeric } from './numeric.js';

/**
 * Statistics of closed trades, from each trade's realized P&L (money, after fees, in the account
 * currency). A win is P&L > 0, a loss P&L < 0; a trade at exactly 0 counts in `count` (and so in
 * win rate's denominator and expectancy) but is neither.
 */
export interface TradeStats {
  count: number;
  wins: number;
  losses: number;
  /** wins / count; NaN with no trades. */
  winRate: number;
  /** Sum of winning P&Ls (>= 0). */
  grossProfit: number;
  /** Sum of |losing P&Ls| (>= 0, a magnitude). */
  grossLoss: number;
  /** grossProfit / grossLoss; Infinity with wins and no losses, NaN with neither (see ratio()). */
  profitFactor: number;
  /** Mean P&L per closed trade; NaN with no trades. */
  expectancy: number;
  /** Mean P&L of the wins; NaN with no wins. */
  averageWin: number;
  /** Mean P&L of the losses, a negative number; NaN with no losses. */
  averageLoss: number;
}

export function tradeStats(pnls: readonly Numeric[]): TradeStats {
  const p = toFloats(pnls, 'pnl');
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const x of p) {
    if (x > 0) {
      wins++;
      grossProfit += x;
    } else if (x < 0) {
      losses++;
      grossLoss -= x;
    }
  }
  return {
    count: p.length,
    wins,
    losses,
    winRate: p.length === 0 ? NaN : wins / p.length,
    grossProfit,
    grossLoss,
    profitFactor: ratio(grossProfit, grossLoss),
    expectancy: mean(p),
    averageWin: wins === 0 ? NaN : grossProfit / wins,
    averageLoss: losses === 0 ? NaN : -grossLoss / losses,
  };
}
