import { Decimal } from 'decimal.js';
import { UsageError } from '../errors.js';
import type { RunReport } from './run-report.js';
import type { AssertionOutcome } from './reporters/suite.js';

/**
 * A figure's value at full precision: money as the report's decimal text, counts and ratios as
 * numbers. Comparisons go through Decimal, so "pnl==47.95" means exactly 47.95.
 */
export type FigureValue = string | number;

/** The figures `--assert` and `--snapshot` can name, from a run's report. */
export function reportFigures(r: RunReport): Record<string, FigureValue> {
  return {
    pnl: r.pnl.pnl,
    realized: r.pnl.realized,
    unrealized: r.pnl.unrealized,
    fees: r.pnl.fees,
    end_equity: r.pnl.end_equity,
    total_return: r.kpis.total_return,
    sharpe: r.kpis.sharpe,
    sortino: r.kpis.sortino,
    volatility: r.kpis.volatility,
    max_drawdown: r.kpis.max_drawdown,
    fills: r.counters.fills,
    trades: r.counters.fills,
    maker_fills: r.kpis.maker_fills,
    taker_fills: r.kpis.taker_fills,
    orders: r.counters.orders,
    rejects: r.counters.rejects,
    events: r.counters.events,
    position: r.position.qty,
    notional: r.volume.notional,
    slippage_bps: r.slippage.bps ?? '0',
    slippage_cost: r.slippage.cost,
  };
}

/** Every name reportFigures gives, for checking expressions before any run. */
export const FIGURE_NAMES: readonly string[] = [
  'pnl', 'realized', 'unrealized', 'fees', 'end_equity', 'total_return', 'sharpe', 'sortino', 'volatility', 'max_drawdown',
  'fills', 'trades', 'maker_fills', 'taker_fills', 'orders', 'rejects', 'events', 'position', 'notional', 'slippage_bps', 'slippage_cost',
];

export const OPS = ['>=', '<=', '==', '!=', '>', '<'] as const;
export type Op = (typeof OPS)[number];

/** A parsed `--assert`: a comparison with a number, or membership of an interval. */
export type Assertion =
  | { expr: string; figure: string; kind: 'compare'; op: Op; value: Decimal; text: string }
  | { expr: string; figure: string; kind: 'range'; lo: Decimal; hi: Decimal; loText: string; hiText: string; loClosed: boolean; hiClosed: boolean };

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const COMPARE = new RegExp(String.raw`^\s*([a-z_]+)\s*(>=|<=|==|!=|>|<)\s*(${NUM})\s*$`);
const RANGE = new RegExp(String.raw`^\s*([a-z_]+)\s+in\s*([[(])\s*(${NUM})\s*,\s*(${NUM})\s*([\])])\s*$`);

const HINT = `NAME OP NUMBER with OP one of ${OPS.join(' ')} (e.g. "sharpe>=1"), or NAME in [LO,HI] (inclusive; "(" and ")" exclude an end)`;

/** Parses one `--assert` expression; a usage error (exit 2) when it is malformed or names no figure. */
export function parseAssertion(expr: string): Assertion {
  const c = COMPARE.exec(expr);
  const r = c ? null : RANGE.exec(expr);
  if (!c && !r) throw new UsageError(`--assert "${expr}" is not a comparison or a range`, HINT);
  const figure = (c ?? r)![1];
  if (!FIGURE_NAMES.includes(figure)) throw new UsageError(`--assert "${expr}": unknown figure "${figure}"`, `known: ${FIGURE_NAMES.join(', ')}`);
  if (c) return { expr: expr.trim(), figure, kind: 'compare', op: c[2] as Op, value: new Decimal(c[3]), text: c[3] };
  const [, , open, loText, hiText, close] = r!;
  const lo = new Decimal(loText);
  const hi = new Decimal(hiText);
  if (lo.greaterThan(hi)) throw new UsageError(`--assert "${expr}": the range's low end ${loText} is above its high end ${hiText}`);
  return { expr: expr.trim(), figure, kind: 'range', lo, hi, loText, hiText, loClosed: open === '[', hiClosed: close === ']' };
}

/** What the assertion requires, as text: ">= 1", "in [40, 60]". */
export function expectedText(a: Assertion): string {
  return a.kind === 'compare' ? `${a.op} ${a.text}` : `in ${a.loClosed ? '[' : '('}${a.loText}, ${a.hiText}${a.hiClosed ? ']' : ')'}`;
}

/** A figure value as exact decimal text: numbers by their shortest round-trip form. */
export function figureText(v: FigureValue): string {
  return typeof v === 'string' ? v : String(v);
}

/** Holds the assertion for these figures? A NaN figure satisfies nothing but "!=". */
export function checkAssertion(a: Assertion, figures: Record<string, FigureValue>): AssertionOutcome {
  const v = new Decimal(figures[a.figure]);
  let passed: boolean;
  if (a.kind === 'compare') {
    const cmp = v.comparedTo(a.value); // NaN when v is NaN
    passed =
      a.op === '>=' ? cmp >= 0 : a.op === '<=' ? cmp <= 0 : a.op === '>' ? cmp > 0 : a.op === '<' ? cmp < 0 : a.op === '==' ? cmp === 0 : cmp !== 0;
  } else {
    const lo = v.comparedTo(a.lo);
    const hi = v.comparedTo(a.hi);
    passed = (a.loClosed ? lo >= 0 : lo > 0) && (a.hiClosed ? hi <= 0 : hi < 0);
  }
  return { expr: a.expr, passed, actual: figureText(figures[a.figure]), expected: expectedText(a) };
}

/** The stderr line for a failed one. */
export function failureLine(o: AssertionOutcome): string {
  return `assertion failed: ${o.expr} (actual ${o.actual}, expected ${o.expected})`;
}
