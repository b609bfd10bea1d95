/**
 * What `vtrade backtest` does once it runs: kept apart from the command's definition so that
 * `backtest --help` loads none of it (the engine, the readers, zod).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckFailedError, ExitCode, InputError, ManifestMismatchError, UsageError, VtradeError } from '../errors.js';
import { loadManifestRun } from '../services/verify-manifest.js';
import { wholeNumber } from '../cli-support/args.js';
import { parseParams } from '../cli-support/params.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { withStdoutOnStderr } from '../cli-support/stdout-guard.js';
import { writeAtomically } from '../data/atomic-file.js';
import { withPreset, MODEL_PRESETS, PRESET_NAMES } from '../engine/exchange/model-config.js';
import { runBacktest } from '../services/backtest.js';
import { buildMatrix, cellDir, dataSessions, parseShard, shardCells, strategyFiles, type Cell, type Shard } from '../services/backtest-matrix.js';
import { casePassed, SuiteRunner, suiteExitCode, suiteResult, type CaseRun } from '../services/backtest-suite.js';
import { parseAssertion } from '../services/assertions.js';
import { loadStrategy } from '../services/load-strategy.js';
import { parseReporterSpec, validateReporterSpecs, writeReports, type ReporterSpec } from '../services/reporters/index.js';
import type { RunConfig } from '../services/run-config.js';
import { fillsLog, ordersCsv, runFingerprint } from '../services/run-logs.js';
import { buildReport, type RunReport } from '../services/run-report.js';
import { writeRunOutputs } from '../services/run-outputs.js';
import { readSnapshot, refreshFigures, storedFigures, writeSnapshot, type SnapshotFile } from '../services/snapshot.js';
import { reportFigures } from '../services/assertions.js';
import { caseFailureLines, matrixJson, printMatrix, printSingle, ratiosText, singleJson } from './backtest-output.js';
import { openFromFlags, openPartsFromFlags } from './data-options.js';
import { runConfigFromFlags } from './model-options.js';
import type { DataFlags, ModelFlags } from './flag-sets.js';

export interface BacktestFlags extends DataFlags, ModelFlags {
  data?: string[];
  strategy?: string[];
  verifyManifest?: string;
  seed: string;
  out?: string;
  json?: boolean;
  assert: string[];
  band?: boolean;
  checkDeterminism?: string;
  snapshot?: string;
  updateSnapshot?: boolean;
  window?: string;
  shard?: string;
  reporter: string[];
  param: string[];
}

export async function runBacktestCommand(flags: BacktestFlags): Promise<void> {
  const reporters = flags.reporter.map(parseReporterSpec);
  if (flags.verifyManifest) return verifyManifest(flags.verifyManifest, flags, reporters);
  if (!flags.data || !flags.strategy) {
    throw new UsageError('backtest needs --data and --strategy (or --verify-manifest)', 'vtrade backtest --data <file> --strategy <file>');
  }
  const seed = wholeNumber(flags.seed, '--seed');
  const config = runConfigFromFlags(flags, {}, parseParams(flags.param));
  const windows = flags.window !== undefined ? wholeNumber(flags.window, '--window', 1) : 1;
  const runs = flags.checkDeterminism !== undefined ? wholeNumber(flags.checkDeterminism, '--check-determinism', 2) : 1;
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const assertions = flags.assert.map(parseAssertion);
  if (flags.updateSnapshot && !flags.snapshot) throw new UsageError('--update-snapshot needs --snapshot <file>', 'vtrade backtest ... --snapshot golden.json --update-snapshot');
  const all = buildMatrix(strategyFiles(flags.strategy), dataSessions(flags.data), windows);
  const cells = shardCells(all, shard);
  // One case, no sharding: the output is a single report, as it always was.
  const single = all.length === 1 && (!shard || shard.count === 1);

  if (flags.band) {
    // The band is three runs and prints only their P&L: it writes no outputs and checks nothing,
    // so these flags would be ignored silently (and an --assert in CI would always pass).
    if (flags.out || assertions.length > 0 || flags.snapshot || runs > 1 || reporters.length > 0) {
      throw new UsageError('--band cannot be combined with --out, --assert, --snapshot, --check-determinism or --reporter', 'run without --band to write outputs or check things');
    }
    if (!single) throw new UsageError('--band runs one strategy on one data session', 'give one --strategy and one --data (no --window or --shard)');
    return band(cells[0], flags, config, seed);
  }

  validateReporterSpecs(reporters, flags.out);
  const snapshot = flags.snapshot ? loadSnapshotFor(flags.snapshot, Boolean(flags.updateSnapshot), cells, single) : undefined;

  const runner = new SuiteRunner({
    open: (paths) => openFromFlags(paths, flags),
    openParts: (parts) => openPartsFromFlags(parts, flags),
    config,
    seed,
    assertions,
    runs,
    snapshot: snapshot && !flags.updateSnapshot ? { file: snapshot, single } : undefined,
    manifests: flags.out !== undefined || reporters.length > 0,
    log: (m) => process.stderr.write(`strategy: ${m}\n`),
  });
  const done: CaseRun[] = [];
  const work = async () => {
    for (const cell of cells) {
      const r = await runner.run(cell);
      if (!single) reportCase(r, flags.snapshot);
      if (flags.out && r.report) {
        const dir = single ? flags.out : join(flags.out, cellDir(cell, all.length));
        writeRunOutputs(dir, { report: r.report, fills: r.fills!, orders: r.orders!, manifest: r.manifest!, equity: r.equity });
      }
      // The texts are on disk (or not wanted): keep memory flat over a long matrix.
      r.orders = undefined;
      r.fills = undefined;
      r.equity = undefined;
      done.push(r);
    }
  };
  // With --json, stdout carries the JSON alone: whatever a strategy prints goes to stderr.
  if (flags.json) await withStdoutOnStderr(work);
  else await work();

  if (flags.snapshot && flags.updateSnapshot) updateSnapshot(flags.snapshot, snapshot, done, single);
  const name = `vtrade backtest${shard ? ` shard ${shard.index}/${shard.count}` : ''}`;
  if (single) return finishSingle(done[0], flags, reporters, name);
  return finishMatrix(done, flags, reporters, name, { total: all.length, shard });
}

/** Reads the snapshot and checks up front that it has an entry for every case to be compared. */
function loadSnapshotFor(path: string, update: boolean, cells: Cell[], single: boolean): SnapshotFile | undefined {
  const file = readSnapshot(path);
  if (update) return file;
  const hint = `create or refresh it deliberately: rerun with --snapshot ${path} --update-snapshot`;
  if (!file) throw new InputError(path, undefined, undefined, 'no such snapshot file', hint);
  for (const cell of cells) {
    if (!storedFigures(file, single ? undefined : cell.name)) {
      throw new InputError(path, undefined, single ? 'figures' : `cases["${cell.name}"]`, 'the snapshot stores no figures for this case', hint);
    }
  }
  return file;
}

/** Rewrites the snapshot with this run's values: same figures and tolerances, other cases kept. */
function updateSnapshot(path: string, previous: SnapshotFile | undefined, done: CaseRun[], single: boolean): void {
  const file: SnapshotFile = { ...previous };
  let written = 0;
  for (const r of done) {
    if (!r.report) continue;
    const figures = reportFigures(r.report);
    if (single) file.figures = refreshFigures(previous?.figures, figures);
    else file.cases = { ...file.cases, [r.cell.name]: { figures: refreshFigures(previous?.cases?.[r.cell.name]?.figures, figures) } };
    written++;
  }
  if (written === 0) {
    process.stderr.write(`snapshot: ${path} not written: no case ran to completion\n`);
    return;
  }
  writeSnapshot(path, file);
  process.stderr.write(`snapshot: wrote ${path} (${written} case${written === 1 ? '' : 's'})\n`);
}

/** As each case of a matrix finishes: its warnings, failures and error on stderr, named. */
function reportCase(r: CaseRun, snapshotPath: string | undefined): void {
  const tag = `[${r.cell.name}]`;
  for (const w of r.warnings) process.stderr.write(`warning: ${tag} ${w}\n`);
  if (r.error) {
    process.stderr.write(`error: ${tag} ${r.error.message}\n`);
    if (r.error.hint) process.stderr.write(`  try: ${r.error.hint}\n`);
    return;
  }
  for (const line of caseFailureLines(r, snapshotPath)) process.stderr.write(`${tag} ${line}\n`);
}

async function finishSingle(r: CaseRun, flags: BacktestFlags, reporters: ReporterSpec[], name: string): Promise<void> {
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  if (reporters.length > 0) await writeReports(suiteResult(name, [r]), reporters, flags.out);
  // A case that could not run fails exactly as it always did: its own error and exit code.
  if (r.error) throw r.error.cause;
  if (flags.json) writeJson(singleJson(r, flags.snapshot));
  else printSingle(r, flags.snapshot);
  const code = suiteExitCode([r]);
  if (code !== ExitCode.Ok) {
    const message = caseFailureLines(r, flags.snapshot).join('\n');
    throw code === ExitCode.ManifestMismatch ? new ManifestMismatchError(message, 'the engine or the strategy is not deterministic: something depends on time, order of a map, or state kept between runs') : new CheckFailedError(message);
  }
}

async function finishMatrix(done: CaseRun[], flags: BacktestFlags, reporters: ReporterSpec[], name: string, m: { total: number; shard?: Shard }): Promise<void> {
  const dirs = flags.out ? new Map(done.map((r) => [r, cellDir(r.cell, m.total)])) : undefined;
  const summary = matrixJson(done, name, m.total, m.shard, dirs, flags.snapshot);
  if (flags.out) {
    mkdirSync(flags.out, { recursive: true });
    const path = join(flags.out, 'suite.json');
    await writeAtomically(path, async (temp) => writeFileSync(temp, JSON.stringify(summary, null, 2) + '\n'));
  }
  if (reporters.length > 0) await writeReports(suiteResult(name, done), reporters, flags.out);
  if (flags.json) writeJson(matrixJson(done, name, m.total, m.shard, dirs, flags.snapshot, true));
  else printMatrix(done, m.total);
  if (done.length === 0) process.stderr.write(`note: shard ${m.shard!.index}/${m.shard!.count} has no case of the ${m.total}\n`);
  const code = suiteExitCode(done);
  if (code !== ExitCode.Ok) {
    const failed = done.filter((r) => !casePassed(r));
    throw new VtradeError(`${failed.length} of ${done.length} cases failed: ${failed.map((r) => r.cell.name).join('; ')}`, code);
  }
}

/** Three runs under the pessimistic, base and optimistic presets; P&L as a band. */
async function band(cell: Cell, flags: BacktestFlags, config: RunConfig, seed: number): Promise<void> {
  const parts = await openPartsFromFlags(cell.parts ?? [cell.data], flags);
  const data = parts[0];
  const log = (m: string) => process.stderr.write(`strategy: ${m}\n`);
  const results: Record<string, RunReport> = {};
  const work = async () => {
    for (const preset of PRESET_NAMES) {
      const presetConfig = { ...config, models: withPreset(preset, config.models) };
      const strategy = await loadStrategy(cell.strategy, config.params);
      const result = await runBacktest({ data, others: parts.slice(1), strategy, config: presetConfig, seed, log });
      results[preset] = buildReport(result, data.instrument, presetConfig, seed);
    }
  };
  if (flags.json) await withStdoutOnStderr(work);
  else await work();
  for (const w of new Set(parts.flatMap((p) => p.warnings))) process.stderr.write(`warning: ${w}\n`);
  const b = results;
  const out = { band: Object.fromEntries(PRESET_NAMES.map((p) => [p, { pnl: b[p].pnl.pnl, fills: b[p].counters.fills, sharpe: b[p].kpis.sharpe, fees: b[p].pnl.fees }])) };
  if (flags.json) return writeJson(out);
  process.stdout.write(
    renderTable(
      ['preset', 'P&L', 'fills', 'fees', 'assumes', 'sharpe / sortino (annualised)'],
      PRESET_NAMES.map((p) => [p, b[p].pnl.pnl, String(b[p].counters.fills), b[p].pnl.fees, presetText(p), ratiosText(b[p])]),
      new Set([1, 2, 3]),
    ),
  );
  // Each preset changes queue position, latency and impact together, so each fills a different
  // set of orders: the ends are other runs of the strategy, not bounds around the base P&L.
  process.stdout.write(
    '\nEach preset is its own run: queue position, latency and impact change together, so the strategy\nfills different orders under each, and the optimistic P&L can fall below the base one (more fills,\nsome of them losers). Read the band as the spread of outcomes, not as bounds around the base.\n',
  );
}

/** What a preset assumes, in words: queue model, order latency and impact. */
function presetText(name: (typeof PRESET_NAMES)[number]): string {
  const m = MODEL_PRESETS[name];
  const latency = m.latency.name === 'constant' ? `${Number(m.latency.entryNs) / 1e6} ms latency` : `${m.latency.name} latency`;
  const queue = m.queue.name === 'power' ? `power:${m.queue.n} queue` : `${m.queue.name} queue`;
  return `${queue}, ${latency}, ${m.impact.name === 'none' ? 'no' : m.impact.name} impact`;
}

/** Reruns a recorded run and insists on the same fills (and orders, when the manifest has a fingerprint), byte for byte. */
async function verifyManifest(path: string, flags: BacktestFlags, reporters: ReporterSpec[]): Promise<void> {
  validateReporterSpecs(reporters, flags.out);
  const caseName = `verify ${path}`;
  const report = async (error: VtradeError | undefined, checks: { expr: string; passed: boolean; actual: string; expected: string }[], seconds: number) => {
    if (reporters.length === 0) return;
    const c = { name: caseName, classname: path, durationSeconds: seconds, assertions: checks, figures: {}, properties: { manifest: path } };
    await writeReports({ name: 'vtrade backtest --verify-manifest', cases: [error ? { ...c, error: { message: error.message, exitCode: error.exitCode } } : c] }, reporters, flags.out);
  };
  const started = performance.now();
  let run;
  let fills: string;
  let orders: string;
  let count: number;
  try {
    run = await loadManifestRun(path);
    const parts = await openPartsFromFlags(run.dataParts, flags);
    const [data, ...others] = parts;
    const strategy = await loadStrategy(run.strategyPath, run.config.params);
    const loaded = run;
    const rerun = () => runBacktest({ data, others, strategy, config: loaded.config, seed: loaded.seed });
    const result = await (flags.json ? withStdoutOnStderr(rerun) : rerun());
    fills = fillsLog(result);
    orders = ordersCsv(result);
    count = result.fills.length;
  } catch (err) {
    if (err instanceof VtradeError) await report(err, [], (performance.now() - started) / 1000);
    throw err;
  }
  const hash = createHash('sha256').update(fills).digest('hex');
  const fingerprint = runFingerprint(orders, fills);
  const expectedPrint = run.manifest.fingerprint;
  const checks = [{ expr: 'fills_sha256', passed: hash === run.manifest.fills_sha256, actual: hash, expected: run.manifest.fills_sha256 }];
  if (expectedPrint !== undefined) checks.push({ expr: 'fingerprint', passed: fingerprint === expectedPrint, actual: fingerprint, expected: expectedPrint });
  const ok = checks.every((c) => c.passed);
  const error = ok ? undefined : new ManifestMismatchError(`${path}: the rerun's ${checks[0].passed ? 'orders' : 'fills'} differ from the recorded run`, 'the engine version, data or strategy changed');
  await report(error, checks, (performance.now() - started) / 1000);
  if (flags.json) {
    writeJson({ manifest: path, fills_sha256: hash, expected_fills_sha256: run.manifest.fills_sha256, fingerprint, expected_fingerprint: expectedPrint ?? null, fills: count, match: ok });
  } else {
    process.stdout.write(`${ok ? 'match' : 'MISMATCH'}: fills sha256 ${hash} (manifest ${run.manifest.fills_sha256}), ${count} fills\n`);
    if (expectedPrint !== undefined) process.stdout.write(`fingerprint ${fingerprint} (manifest ${expectedPrint})\n`);
  }
  if (error) throw error;
}
