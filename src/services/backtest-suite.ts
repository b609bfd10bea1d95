import { performance } from 'node:perf_hooks';
import type { MarketData } from '../data/market-data.js';
import { ExitCode, UsageError, VtradeError } from '../errors.js';
import type { RunTiming } from './backtest.js';
import type { Cell } from './backtest-matrix.js';
import { checkAssertion, reportFigures, type Assertion } from './assertions.js';
import type { AssertionOutcome, CaseResult, SuiteResult } from './reporters/suite.js';
import type { RunConfig } from './run-config.js';
import { runLogs, type RunLogs } from './run-logs.js';
import { buildManifest, ENGINE_VERSION, equityCsv, type Manifest } from './run-outputs.js';
import { buildReport, type RunReport } from './run-report.js';
import { compareSnapshot, snapshotOutcome, storedFigures, type FigureCheck, type SnapshotFile } from './snapshot.js';
import { runStrategy } from './strategy-run.js';
import { scanTimeSpan, splitWindows, type TimeSpan, type TimeWindow } from './time-windows.js';

/**
 * Runs the cells of a backtest matrix one after another and gathers, per cell, its report,
 * assertion outcomes, snapshot checks and determinism reruns. A cell that fails to run (its
 * strategy threw, its data is bad) records the error and the next cell still runs.
 */

export interface SuiteOptions {
  open: (paths: string[]) => Promise<MarketData>;
  /** Opens the parts of a case over several instruments (--data "A+B"): one session of files each. */
  openParts?: (parts: string[][]) => Promise<MarketData[]>;
  config: RunConfig;
  seed: number;
  assertions: Assertion[];
  /** Runs per cell; above 1 every rerun's fingerprint must equal the first's. */
  runs: number;
  /** Stored snapshot to check against (absent when there is none or it is being rewritten). */
  snapshot?: { file: SnapshotFile; single: boolean };
  /** Build each cell's manifest (for --out and the reporters' properties). */
  manifests: boolean;
  log: (message: string) => void;
}

export interface CaseRun {
  cell: Cell;
  window?: TimeWindow;
  report?: RunReport;
  orders?: string;
  fills?: string;
  /** The NAV samples as CSV (ts_ns,equity): the equity curve reports draw. */
  equity?: string;
  manifest?: Manifest;
  assertions: AssertionOutcome[];
  snapshot?: FigureCheck[];
  determinism?: { runs: number; fingerprints: string[]; differing: number[] };
  error?: { message: string; exitCode: number; hint?: string; cause: unknown };
  /** Wall time of the first run alone, and of the whole cell (reruns included). */
  runSeconds: number;
  /** Reading the data over all runs, and the engine's time in each run: never part of a report, fingerprint or snapshot. */
  timing?: { readSeconds: number; engineSeconds: number[] };
  seconds: number;
  warnings: string[];
}

export class SuiteRunner {
  /** Each session's time span is scanned once, however many windows and strategies use it. */
  private readonly spans = new Map<string, Promise<TimeSpan | undefined>>();

  constructor(private readonly opts: SuiteOptions) {}

  async run(cell: Cell): Promise<CaseRun> {
    const started = performance.now();
    const out: CaseRun = { cell, assertions: [], runSeconds: 0, seconds: 0, warnings: [] };
    const o = this.opts;
    let data: MarketData | undefined;
    let parts: MarketData[] = [];
    try {
      if (cell.parts && !o.openParts) throw new UsageError(`${cell.name}: this command runs one instrument per case`, 'run --data parts joined with + through vtrade backtest');
      parts = cell.parts ? await o.openParts!(cell.parts) : [await o.open(cell.data)];
      data = parts[0];
      if (cell.window) out.window = await this.window(cell, data);
      const fingerprints: string[] = [];
      const timing = { readSeconds: 0, engineSeconds: [] as number[] };
      out.timing = timing;
      let first: RunLogs | undefined;
      for (let k = 0; k < o.runs; k++) {
        const t0: RunTiming = { readSeconds: 0, engineSeconds: 0 };
        const { result, seconds } = await runStrategy(parts, { strategyPath: cell.strategy, config: o.config, seed: o.seed, log: o.log, window: out.window, timing: t0 });
        timing.readSeconds += t0.readSeconds;
        timing.engineSeconds.push(t0.engineSeconds);
        // The logs and their hashes once per run: the report, the manifest and the determinism check read them.
        const logs = runLogs(result);
        fingerprints.push(logs.fingerprint);
        if (k === 0) {
          first = logs;
          out.runSeconds = seconds;
          out.report = buildReport(result, data.instrument, o.config, o.seed, logs);
          out.orders = logs.orders;
          out.fills = logs.fills;
          out.equity = equityCsv(result);
        }
      }
      const report = out.report!;
      if (o.runs > 1) {
        const differing = fingerprints.flatMap((f, i) => (f !== fingerprints[0] ? [i + 1] : []));
        out.determinism = { runs: o.runs, fingerprints, differing };
      }
      const figures = reportFigures(report);
      out.assertions = o.assertions.map((a) => checkAssertion(a, figures));
      if (o.snapshot) {
        const stored = storedFigures(o.snapshot.file, o.snapshot.single ? undefined : cell.name);
        if (stored) out.snapshot = compareSnapshot(stored, figures);
      }
      if (o.manifests) {
        out.manifest = await buildManifest({ dataPaths: cell.data, parts: cell.parts, strategyPath: cell.strategy, seed: o.seed, config: o.config, logs: first! });
      }
    } catch (err) {
      out.error =
        err instanceof VtradeError
          ? { message: err.message, exitCode: err.exitCode, hint: err.hint, cause: err }
          : { message: (err as Error)?.stack ?? String(err), exitCode: ExitCode.Internal, cause: err };
    }
    // Passes over the same data (a scan for windows, reruns) may repeat a warning: once is enough.
    out.warnings = [...new Set(parts.flatMap((p) => p.warnings))];
    out.seconds = (performance.now() - started) / 1000;
    return out;
  }

  private async window(cell: Cell, data: MarketData): Promise<TimeWindow> {
    const key = cell.data.join('\n');
    let span = this.spans.get(key);
    if (!span) {
      span = scanTimeSpan(data);
      this.spans.set(key, span);
    }
    const s = await span;
    const { index, of } = cell.window!;
    // A recording with no events has nothing to split: every window is empty.
    return s ? splitWindows(s, of)[index - 1] : { index, of, from: 0n, to: 0n };
  }
}

/** Did the case hold? No error, every assertion and snapshot figure held, every rerun identical. */
export function casePassed(r: CaseRun): boolean {
  return !r.error && r.assertions.every((a) => a.passed) && (r.snapshot ?? []).every((c) => c.passed) && (r.determinism?.differing.length ?? 0) === 0;
}

/**
 * One exit code for the whole run, the most serious first: an internal error (3), bad input (2),
 * a strategy that threw (4), a fingerprint that changed between reruns (5), a failed assertion
 * or snapshot figure (1), else 0.
 */
export function suiteExitCode(runs: CaseRun[]): number {
  const codes = new Set(runs.flatMap((r) => (r.error ? [r.error.exitCode] : [])));
  for (const c of [ExitCode.Internal, ExitCode.BadInput, ExitCode.StrategyThrew, ExitCode.ManifestMismatch, ExitCode.CheckFailed]) if (codes.has(c)) return c;
  if (codes.size > 0) return Math.max(...codes);
  if (runs.some((r) => (r.determinism?.differing.length ?? 0) > 0)) return ExitCode.ManifestMismatch;
  if (runs.some((r) => !casePassed(r))) return ExitCode.CheckFailed;
  return ExitCode.Ok;
}

// ---- for the reporters ---------------------------------------------------------------------------

function determinismOutcome(d: NonNullable<CaseRun['determinism']>): AssertionOutcome {
  const first = d.differing[0];
  return {
    expr: `--check-determinism ${d.runs}`,
    passed: d.differing.length === 0,
    actual: first === undefined ? `${d.runs} identical fingerprints ${d.fingerprints[0]}` : `run ${first} fingerprint ${d.fingerprints[first - 1]} differs from run 1's ${d.fingerprints[0]}`,
    expected: `the same fingerprint in all ${d.runs} runs`,
  };
}

/** Figures worth tracking: numbers only, finite only (JSON and the benchmark formats have no NaN). */
function caseFigures(r: CaseRun): Record<string, number> {
  if (!r.report) return {};
  const rep = r.report;
  const all: Record<string, number> = {};
  // `trades` repeats `fills` and `end_equity` is start + pnl: tracked once is enough.
  for (const [k, v] of Object.entries(reportFigures(rep))) if (k !== 'trades' && k !== 'end_equity') all[k] = Number(v);
  all.seconds = r.runSeconds;
  if (r.runSeconds > 0) all.events_per_second = rep.counters.events / r.runSeconds;
  return Object.fromEntries(Object.entries(all).filter(([, v]) => Number.isFinite(v)));
}

function caseProperties(r: CaseRun): Record<string, string> {
  const p: Record<string, string> = { strategy: r.cell.strategy, data: r.cell.data.join(','), engine_version: ENGINE_VERSION };
  if (r.window) p.window = `${r.window.index}/${r.window.of} [${r.window.from}, ${r.window.to}) ns`;
  const m = r.manifest;
  if (m) {
    p.data_sha256 = m.data.map((d) => d.sha256).join(',');
    if (m.strategy) p.strategy_sha256 = m.strategy.sha256;
    p.fills_sha256 = m.fills_sha256;
  }
  const rep = r.report;
  if (rep) {
    p.seed = String(rep.seed);
    p.fingerprint = rep.fingerprint;
    p.symbol = rep.instrument.symbol;
    p.venue = rep.instrument.venue;
    p.currency = rep.instrument.currency;
    p.models = JSON.stringify(rep.models);
  }
  return p;
}

export function caseResult(r: CaseRun): CaseResult {
  const assertions = [...r.assertions, ...(r.snapshot ?? []).map(snapshotOutcome), ...(r.determinism ? [determinismOutcome(r.determinism)] : [])];
  const c: CaseResult = {
    name: r.cell.name,
    classname: r.cell.strategy,
    durationSeconds: r.seconds,
    assertions,
    figures: caseFigures(r),
    properties: caseProperties(r),
  };
  if (r.error) c.error = { message: r.error.message, exitCode: r.error.exitCode };
  return c;
}

export function suiteResult(name: string, runs: CaseRun[]): SuiteResult {
  return { name, cases: runs.map(caseResult) };
}
