import { UsageError } from '../errors.js';
import type { RunReport } from './run-report.js';

/** The figures `--assert` can test, by name. */
export function reportFigures(r: RunReport): Record<string, number> {
  return {
    pnl: Number(r.pnl.pnl),
    realized: Number(r.pnl.realized),
    fees: Number(r.pnl.fees),
    total_return: r.kpis.total_return,
    sharpe: r.kpis.sharpe,
    sortino: r.kpis.sortino,
    volatility: r.kpis.volatility,
    max_drawdown: r.kpis.max_drawdown,
    fills: r.counters.fills,
    trades: r.counters.fills,
    orders: r.counters.orders,
    rejects: r.counters.rejects,
    events: r.counters.events,
    position: Number(r.position.qty),
    slippage_bps: r.slippage.bps === null ? 0 : Number(r.slippage.bps),
  };
}

const OPS = ['>=', '<=', '==', '!=', '>', '<'] as const;

export interface AssertionResult {
  expr: string;
  passed: boolean;
  actual: number;
}

/** Evaluates `name OP number` (for example `sharpe>=1`, `max_drawdown < 0.1`). */
export function evaluateAssertion(expr: string, figures: Record<string, number>): AssertionResult {
  const m = /^\s*([a-z_]+)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(expr);
  if (!m) throw new UsageError(`--assert "${expr}" is not NAME OP NUMBER`, `for example --assert "sharpe>=1"; operators ${OPS.join(' ')}`);
  const [, name, op, text] = m;
  if (!(name in figures)) throw new UsageError(`--assert "${expr}": unknown figure "${name}"`, `known: ${Object.keys(figures).join(', ')}`);
  const actual = figures[name];
  const v = Number(text);
  const passed = op === '>=' ? actual >= v : op === '<=' ? actual <= v : op === '==' ? actual === v : op === '!=' ? actual !== v : op === '>' ? actual > v : actual < v;
  return { expr: expr.trim(), passed, actual };
}
