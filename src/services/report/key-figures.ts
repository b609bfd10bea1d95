import { durationText, moneyPlain, moneyWithSign, pct, ratioText } from './format.js';
import { moneyText } from './report-json.js';
import type { ReportFigures } from './report-figures.js';

export interface KeyFigure {
  /** Stable id (the JSON name where there is one): the HTML carries it as data-figure. */
  id: string;
  label: string;
  /** As people read it, sign and unit included. */
  text: string;
  /** The exact value behind the text (money as decimal text, counts as integers), when there is one. */
  value?: string;
}

/** Shortest span of data whose annualised figures are worth stating: one US equity session. */
export const MIN_ANNUALISED_NS = 23_400_000_000_000n;

/** The figures every form of the report states, in the order it states them. */
export function keyFigures(f: ReportFigures): KeyFigure[] {
  const m = f.data.money;
  const c = f.data.currency;
  const t = f.trades;
  const ep = f.maxDrawdownEpisode;
  // Annualised figures from minutes of data claim what the data cannot show: n/a, with the reason.
  const pts = f.data.equity;
  const span = pts.length > 1 ? pts[pts.length - 1].ts - pts[0].ts : 0n;
  const short = span < MIN_ANNUALISED_NS ? `n/a: ${durationText(span)} of data is too short to annualise` : undefined;
  const annualised = (text: string) => short ?? text;
  return [
    { id: 'pnl', label: 'P&L', text: moneyWithSign(m.pnl, c), value: moneyText(m.pnl) },
    { id: 'total_return', label: 'Return', text: pct(f.totalReturn, 4) },
    { id: 'annualized_return', label: 'Annualized return', text: annualised(pct(f.annualizedReturn, 2)) },
    { id: 'sharpe', label: 'Sharpe (annualized, per-sample returns)', text: annualised(ratioText(f.sharpe)) },
    { id: 'sortino', label: 'Sortino (annualized, per-sample returns)', text: annualised(ratioText(f.sortino)) },
    { id: 'volatility', label: 'Volatility (annualized)', text: annualised(pct(f.volatility, 2, false)) },
    { id: 'max_drawdown', label: 'Max drawdown', text: pct(f.maxDrawdown, 4, false) },
    {
      id: 'max_drawdown_duration',
      label: 'Max drawdown duration',
      text: durationText(f.maxDrawdownDurationNs) + (ep !== null && ep.recoveryTs === null && f.maxDrawdownDurationNs === ep.durationNs ? ' (not recovered)' : ''),
      value: f.maxDrawdownDurationNs.toString(),
    },
    { id: 'calmar', label: 'Calmar', text: annualised(ratioText(f.calmar)) },
    { id: 'trades', label: 'Closed trades', text: String(t.count), value: String(t.count) },
    { id: 'win_rate', label: 'Win rate', text: Number.isNaN(t.winRate) ? 'n/a' : `${pct(t.winRate, 1, false)} (${t.wins} won, ${t.losses} lost)` },
    { id: 'profit_factor', label: 'Profit factor', text: ratioText(t.profitFactor) },
    { id: 'var_95', label: 'VaR 95 % (per sample)', text: pct(f.var95, 4, false) },
    { id: 'cvar_95', label: 'CVaR 95 % (per sample)', text: pct(f.cvar95, 4, false) },
    { id: 'fills', label: 'Fills', text: String(m.fills), value: String(m.fills) },
    { id: 'fees', label: 'Fees', text: moneyPlain(m.fees, c), value: moneyText(m.fees) },
    { id: 'start_equity', label: 'Start equity', text: moneyPlain(m.startEquity, c), value: moneyText(m.startEquity) },
    { id: 'end_equity', label: 'End equity', text: moneyPlain(m.endEquity, c), value: moneyText(m.endEquity) },
    { id: 'cash', label: 'Cash', text: moneyPlain(m.cash, c), value: moneyText(m.cash) },
  ];
}
