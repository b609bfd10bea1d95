import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { InputError, UsageError } from '../errors.js';
import { figureSpec, type Direction, type FigureKind } from './figure-catalog.js';
import { durationText } from './report/format.js';
import { MIN_ANNUALISED_NS } from './report/key-figures.js';

/**
 * Figure-by-figure comparison of two backtest reports (report.json) and the regression
 * thresholds `vtrade compare --fail` checks. Arithmetic is exact (decimal), so money deltas are
 * what the reports' decimal text says, to the last digit.
 */

/** The figures compared, in display order, and where each lives in report.json. */
const PATHS: readonly [string, string][] = [
  ['pnl', 'pnl.pnl'],
  ['realized', 'pnl.realized'],
  ['unrealized', 'pnl.unrealized'],
  ['fees', 'pnl.fees'],
  ['total_return', 'kpis.total_return'],
  ['sharpe', 'kpis.sharpe'],
  ['sortino', 'kpis.sortino'],
  ['volatility', 'kpis.volatility'],
  ['max_drawdown', 'kpis.max_drawdown'],
  ['events', 'counters.events'],
  ['orders', 'counters.orders'],
  ['fills', 'counters.fills'],
  ['maker_fills', 'kpis.maker_fills'],
  ['taker_fills', 'kpis.taker_fills'],
  ['rejects', 'counters.rejects'],
  ['slippage_bps', 'slippage.bps'],
  ['slippage_cost', 'slippage.cost'],
  ['notional', 'volume.notional'],
  ['position', 'position.qty'],
];

/** Exact enough for any two reports: sums and differences of report figures never round. */
const Dec = Decimal.clone({ precision: 60 });
type Dec = Decimal;

export const COMPARED_FIGURES = PATHS.map(([name]) => name);

/** A report's figures as exact decimals; null where the report has none (no taker fills: no slippage). */
export interface ReportFigures {
  path: string;
  currency: string | undefined;
  symbol: string | undefined;
  values: Map<string, Dec | null>;
  /** Time from the report's first event to its last (ns), when it says. */
  spanNs: bigint | undefined;
}

/** The figures annualised from per-sample returns: on minutes of data they claim what the data cannot show. */
const ANNUALISED = ['sharpe', 'sortino', 'volatility'] as const;

/**
 * Why the annualised figures of these reports say little, or undefined: the report itself shows
 * them as n/a when its data spans less than one trading session (MIN_ANNUALISED_NS).
 */
export function annualisedCaveat(reports: readonly ReportFigures[]): string | undefined {
  const short = reports.filter((r) => r.spanNs !== undefined && r.spanNs < MIN_ANNUALISED_NS);
  if (short.length === 0) return undefined;
  const span = short.map((r) => r.spanNs!).reduce((a, b) => (a < b ? a : b));
  return `${ANNUALISED.join(', ')} are annualised from ${durationText(span)} of data, too short to annualise (vtrade report shows them as n/a): compare them, and gate on them, over whole sessions`;
}

/**
 * Reads report.json, or the report.json of a run folder (as `report` takes them); a missing file,
 * bad JSON or a missing or non-numeric figure is an InputError.
 */
export function readReportFigures(given: string): ReportFigures {
  const path = existsSync(given) && statSync(given).isDirectory() ? join(given, 'report.json') : given;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(path, undefined, undefined, code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`, 'pass the report.json a backtest wrote with --out');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not JSON: ${(err as Error).message}`, 'pass the report.json a backtest wrote with --out');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || typeof (doc as { schemaVersion?: unknown }).schemaVersion !== 'number') {
    throw new InputError(path, undefined, 'schemaVersion', 'not a vtrade backtest report', 'pass the report.json a backtest wrote with --out');
  }
  const values = new Map<string, Dec | null>();
  for (const [name, at] of PATHS) {
    let v: unknown = doc;
    for (const key of at.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
    if (v === null && name === 'slippage_bps') {
      values.set(name, null);
      continue;
    }
    const ok = (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v));
    if (!ok) throw new InputError(path, undefined, at, v === undefined ? 'missing' : `not a number: ${JSON.stringify(v)}`);
    values.set(name, new Dec(v as string | number));
  }
  const inst = (doc as { instrument?: { currency?: unknown; symbol?: unknown } }).instrument;
  const { first_ts: first, last_ts: last } = doc as { first_ts?: unknown; last_ts?: unknown };
  const spanNs = typeof first === 'string' && typeof last === 'string' && /^\d+$/.test(first) && /^\d+$/.test(last) ? BigInt(last) - BigInt(first) : undefined;
  return {
    path,
    values,
    spanNs,
    currency: typeof inst?.currency === 'string' ? inst.currency : undefined,
    symbol: typeof inst?.symbol === 'string' ? inst.symbol : undefined,
  };
}

export interface FigureDelta {
  name: string;
  direction: Direction;
  kind: FigureKind;
  base: Dec | null;
  head: Dec | null;
  /** head - base; null when either is missing. */
  delta: Dec | null;
  /** delta / |base| x 100; null when either is missing or base is 0. */
  deltaPct: Dec | null;
  /** better / worse by the figure's direction; "changed" for figures with none. */
  verdict: 'better' | 'worse' | 'same' | 'changed' | 'n/a';
}

export function compareFigures(base: ReportFigures, head: ReportFigures): FigureDelta[] {
  return COMPARED_FIGURES.map((name) => {
    const { direction, kind } = figureSpec(name);
    const b = base.values.get(name) ?? null;
    const h = head.values.get(name) ?? null;
    if (b === null || h === null) return { name, direction, kind, base: b, head: h, delta: null, deltaPct: null, verdict: 'n/a' };
    const delta = h.minus(b);
    const deltaPct = b.isZero() ? null : delta.dividedBy(b.abs()).times(100);
    const verdict = delta.isZero() ? 'same' : direction === 'none' ? 'changed' : delta.isPositive() === (direction === 'higher') ? 'better' : 'worse';
    return { name, direction, kind, base: b, head: h, delta, deltaPct, verdict };
  });
}

/** `--fail NAME:THRESHOLD`: how much worse head may be than base. */
export interface Threshold {
  spec: string;
  figure: string;
  /** The allowed worsening, a magnitude. */
  amount: Dec;
  relative: boolean;
}

/**
 * "sharpe:-5%" (head at most 5 % worse than base) or "pnl:-100" (at most 100 units worse). The
 * number is the allowed worsening; its sign is optional ("-5%" and "5%" mean the same) because
 * "worse" already depends on the figure's direction: lower for higher-is-better figures, higher
 * for lower-is-better ones, either way for figures with no direction. A "+" is refused: it would
 * read as a required improvement, which this does not check.
 */
export function parseThreshold(spec: string): Threshold {
  const m = /^\s*([a-z_]+)\s*:\s*(-)?\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(spec);
  const hint = `for example --fail "sharpe:-5%" or --fail "pnl:-100"; figures: ${COMPARED_FIGURES.join(', ')}`;
  if (!m && /:\s*\+/.test(spec)) {
    throw new UsageError(`--fail "${spec}": a threshold is the worsening allowed, not a required gain`, 'write it as -N or -N%, e.g. --fail "sharpe:-5%"');
  }
  if (!m) throw new UsageError(`--fail "${spec}" is not NAME:THRESHOLD`, hint);
  const [, figure, , number, pct] = m;
  if (!COMPARED_FIGURES.includes(figure)) throw new UsageError(`--fail "${spec}": unknown figure "${figure}"`, hint);
  return { spec: spec.trim(), figure, amount: new Dec(number), relative: pct === '%' };
}

export interface ThresholdResult {
  spec: string;
  figure: string;
  direction: Direction;
  status: 'pass' | 'fail' | 'skipped';
  base: Dec | null;
  head: Dec | null;
  /** The worst head value allowed: a floor (higher is better), a ceiling (lower) or both (none). */
  allowedMin: Dec | null;
  allowedMax: Dec | null;
  /** Why it failed or was skipped, for people. */
  message: string;
}

/**
 * The allowance is the amount itself, or amount % of |base| (so a negative base works: a P&L of
 * -100 with "-5%" may fall to -105). A figure missing from either report (slippage without
 * taker fills) cannot be compared; the threshold is skipped and says so.
 */
export function checkThreshold(t: Threshold, deltas: FigureDelta[]): ThresholdResult {
  const d = deltas.find((x) => x.name === t.figure)!;
  const out = { spec: t.spec, figure: t.figure, direction: d.direction, base: d.base, head: d.head };
  if (d.base === null || d.head === null) {
    const which = d.base === null ? 'base' : 'head';
    return { ...out, status: 'skipped', allowedMin: null, allowedMax: null, message: `${t.spec}: ${t.figure} is not in the ${which} report, not checked` };
  }
  const allowance = t.relative ? d.base.abs().times(t.amount).dividedBy(100) : t.amount;
  const allowedMin = d.direction === 'lower' ? null : d.base.minus(allowance);
  const allowedMax = d.direction === 'higher' ? null : d.base.plus(allowance);
  const low = allowedMin !== null && d.head.lessThan(allowedMin);
  const high = allowedMax !== null && d.head.greaterThan(allowedMax);
  const bound =
    allowedMax === null ? `at least ${allowedMin!.toFixed()}` : allowedMin === null ? `at most ${allowedMax.toFixed()}` : `${allowedMin.toFixed()} to ${allowedMax.toFixed()}`;
  const message = `${t.spec}: ${t.figure} ${d.head.toFixed()} (base ${d.base.toFixed()}), allowed ${bound}`;
  return { ...out, status: low || high ? 'fail' : 'pass', allowedMin, allowedMax, message };
}

/** Two reports read and compared figure by figure, and each threshold checked against the change. */
export function compareReports(basePath: string, headPath: string, thresholds: readonly Threshold[]) {
  const base = readReportFigures(basePath);
  const head = readReportFigures(headPath);
  const deltas = compareFigures(base, head);
  const results = thresholds.map((t) => checkThreshold(t, deltas));
  return { base, head, deltas, results, passed: results.every((r) => r.status !== 'fail') };
}
