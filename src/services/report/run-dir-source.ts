import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { EquityPoint } from '../../engine/analytics/index.js';
import { InputError } from '../../errors.js';
import { parseEquityCsv } from './equity-csv.js';
import type { Holding, ReportData, ReportFill } from './report-data.js';

const Money = Decimal.clone({ precision: 80 });

const money = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount');
const nsText = z.string().regex(/^\d+$/, 'integer ns');

/** The part of report.json (RunReport) a report reads. */
const reportSchema = z.object({
  instrument: z.object({
    symbol: z.string(),
    assetClass: z.enum(['equity', 'crypto', 'future', 'fx', 'other']),
    currency: z.string(),
    sector: z.string().optional(),
  }),
  counters: z.object({ fills: z.number().int().nonnegative() }),
  pnl: z.object({ start_equity: money, end_equity: money, pnl: money, realized: money, fees: money }),
  position: z.object({ qty: money, mark: money.nullable() }),
  /** Reports of schema 3 on: every instrument of the run (several with --data "A+B"). */
  instruments: z
    .array(
      z.object({
        id: z.string(),
        instrument: z.object({ symbol: z.string(), assetClass: z.enum(['equity', 'crypto', 'future', 'fx', 'other']), sector: z.string().optional() }),
        position: z.object({ qty: money, mark: money.nullable() }),
      }),
    )
    .optional(),
  first_ts: nsText.nullable(),
  last_ts: nsText.nullable(),
});

const manifestSchema = z.object({ config: z.object({ navIntervalMs: z.number().positive() }).partial() }).partial();

const fillSchema = z.object({ side: z.enum(['buy', 'sell']), price: money, qty: money, fee: money, ts_venue: nsText, instrument: z.string().optional() });

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not valid JSON (${(err as Error).message})`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, file: string, line?: number): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InputError(file, line, issue.path.join('.') || undefined, issue.message);
}

/** fills.jsonl: one fill a line, the run's own log (see run-logs.ts); `symbols` maps a row's instrument id to its symbol. */
function readFills(path: string, symbol: string, symbols: Map<string, string>): ReportFill[] {
  if (!existsSync(path)) return [];
  const out: ReportFill[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(lines[i]);
    } catch (err) {
      throw new InputError(path, i + 1, undefined, `not valid JSON (${(err as Error).message})`);
    }
    const f = parse(fillSchema, raw, path, i + 1);
    out.push({ ts: BigInt(f.ts_venue), symbol: (f.instrument !== undefined ? symbols.get(f.instrument) : undefined) ?? symbol, side: f.side, price: f.price, qty: f.qty, fee: f.fee });
  }
  return out;
}

/**
 * A backtest's output folder as report data. The equity curve is equity.csv (every NAV sample)
 * when the run wrote one, else just the start and the end equity from report.json.
 */
export function loadRunDir(dir: string): ReportData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(dir, undefined, undefined, 'no such run folder');
  const reportPath = join(dir, 'report.json');
  if (!existsSync(reportPath)) {
    throw new InputError(dir, undefined, undefined, 'not a run folder: it has no report.json', 'write one with: vtrade backtest ... --out <dir>');
  }
  const report = parse(reportSchema, readJson(reportPath), reportPath);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = existsSync(manifestPath) ? parse(manifestSchema, readJson(manifestPath), manifestPath) : {};
  const inst = report.instrument;

  const equityPath = join(dir, 'equity.csv');
  let equity: EquityPoint[];
  let fromCsv = false;
  if (existsSync(equityPath)) {
    equity = parseEquityCsv(readFileSync(equityPath, 'utf8'), equityPath);
    fromCsv = true;
  } else {
    equity = [];
    if (report.first_ts !== null) equity.push({ ts: BigInt(report.first_ts), equity: report.pnl.start_equity });
    if (report.last_ts !== null) equity.push({ ts: BigInt(report.last_ts), equity: report.pnl.end_equity });
  }

  // Every instrument's position (a report before schema 3 has the one instrument's only).
  const positions = report.instruments ?? [{ id: inst.symbol, instrument: inst, position: report.position }];
  const holdings: Holding[] = [];
  let positionsValue = new Money(0);
  for (const p of positions) {
    const qty = new Money(p.position.qty);
    if (qty.isZero()) continue;
    const value = p.position.mark === null ? new Money(0) : qty.times(p.position.mark);
    positionsValue = positionsValue.plus(value);
    // The same symbol may trade on two venues in one run (spot and perpetual): name them by id then.
    holdings.push({ symbol: positions.length > 1 ? p.id : p.instrument.symbol, assetClass: p.instrument.assetClass, sector: p.instrument.sector ?? null, qty: qty.toFixed(), price: p.position.mark, value: value.toFixed() });
  }
  const cash = new Money(report.pnl.end_equity).minus(positionsValue);
  holdings.push({ symbol: 'cash', assetClass: 'cash', sector: null, qty: '0', price: null, value: cash.toFixed() });

  const navMs = manifest.config?.navIntervalMs;
  return {
    kind: 'run',
    name: dir,
    currency: inst.currency,
    equity,
    equitySource: fromCsv ? 'equity.csv' : 'report.json',
    sampleIntervalNs: fromCsv && navMs !== undefined ? navMs * 1e6 : null,
    equitiesOnly: inst.assetClass === 'equity',
    fills: readFills(join(dir, 'fills.jsonl'), inst.symbol, new Map((report.instruments ?? []).map((i) => [i.id, positions.length > 1 ? i.id : i.instrument.symbol]))),
    holdings,
    money: {
      startEquity: report.pnl.start_equity,
      endEquity: report.pnl.end_equity,
      pnl: report.pnl.pnl,
      realized: report.pnl.realized,
      fees: report.pnl.fees,
      cash: cash.toFixed(),
      fills: report.counters.fills,
    },
  };
}
