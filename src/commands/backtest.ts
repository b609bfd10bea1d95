import { Command } from 'commander';
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
import { withPreset, PRESET_NAMES } from '../engine/exchange/model-config.js';
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
import { caseFailureLines, matrixJson, printMatrix, printSingle, singleJson } from './backtest-output.js';
import { openFromFlags, openPartsFromFlags, withDataOptions, type DataFlags } from './data-options.js';
import { runConfigFromFlags, withModelOptions, type ModelFlags } from './model-options.js';

interface BacktestFlags extends DataFlags, ModelFlags {
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

const collect = (v: string, acc: string[]) => [...acc, v];

export function backtestCommand(): Command {
  const cmd = new Command('backtest')
    .description('run a strategy over recorded data through the simulated venue; several strategies, data files or windows make a matrix of cases')
    .option('--data <files...>', 'market data; each value is a case, a glob one case per match, a comma-joined list (a.gz,b.gz) ONE session of consecutive Binance files, and parts joined with + (a.gz+b.gz) ONE run over several instruments')
    .option('--strategy <files...>', 'strategy file(s) (.ts or .js) exporting a strategy or a factory; globs allowed, each one a case')
    .option('--verify-manifest <file>', 'rerun a recorded run from its manifest.json; exit 5 unless data and fills match')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--param <name=value>', 'set a strategy param, over the config file\'s params (repeatable)', collect, [] as string[])
    .option('--out <dir>', 'write report.json, fills.jsonl, orders.csv and manifest.json here (a matrix: one sub-folder per case and suite.json)')
    .option('--json', 'print the report as JSON (nothing else goes to stdout)')
    .option('--assert <expr>', 'fail (exit 1) unless it holds: "sharpe>=1", "max_drawdown<0.1", "trades in [40,60]" (repeatable)', collect, [] as string[])
    .option('--check-determinism <N>', 'run every case N times (N >= 2); exit 5 if any run fingerprint differs')
    .option('--snapshot <file>', 'compare figures with a stored golden snapshot (tolerances per figure); exit 1 when one is out of tolerance')
    .option('--update-snapshot', 'write the --snapshot file with the current values (keeps its figures and tolerances)')
    .option('--window <N>', 'split each recording into N walk-forward windows of equal time, each a case')
    .option('--shard <i/n>', 'run only the cases whose index modulo n is i-1 (parallel CI jobs)')
    .option('--reporter <name[=path]>', 'also report as junit, github or benchmark-json (repeatable; default file in --out)', collect, [] as string[])
    .option('--band', 'rerun under the pessimistic, base and optimistic presets and report P&L as a band');
  withDataOptions(cmd);
  withModelOptions(cmd);
  return cmd
    .addHelpText(
      'after',
      `
A matrix: every --strategy runs against every --data session (and every --window of it); each
is one case with its own report, assertions and snapshot entry. --data a.gz b.gz or a glob gives
one case per file; --data a.gz,b.gz replays the files as one session (consecutive Binance days).
--data "a.gz+b.gz" is one run over two instruments on one clock (the parts merged by exchange
time, the first part's instrument the primary one; each part may be a comma-joined session).
One case prints as before; several print a table (or JSON) with a row per case, and --out writes
a sub-folder per case plus suite.json. A case whose strategy throws reports its error and the
others still run.

Exit codes: 0 pass, 1 an assertion or snapshot figure failed, 2 usage, config or input error,
3 internal error, 4 a strategy threw, 5 a manifest or fingerprint mismatch.

Examples:
  $ vtrade backtest --data ../shared/data/lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip --strategy fixtures/strategies/market-maker.ts
  $ vtrade backtest --data ../shared/data/binance/usdm/btcusdt_20240808.gz --strategy fixtures/strategies/momentum.ts --latency 1ms --impact sqrt --out runs/mom
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=20 --param threshold=3
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/twap.ts --json --assert "fills>=5" --assert "trades in [1,100]"
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/twap.ts --check-determinism 3
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/twap.ts --snapshot twap.snap.json --update-snapshot
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy 'fixtures/strategies/*.ts' --window 4 --shard 1/2 --reporter junit=reports/junit.xml
  $ vtrade backtest --data ../shared/data/binance/spot/btcusdt_20240808.gz,../shared/data/binance/spot/btcusdt_20240809.gz --strategy fixtures/strategies/momentum.ts
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/market-maker.ts --band
  $ vtrade backtest --data "../shared/data/binance/spot/btcusdt_20240808.gz,../shared/data/binance/spot/btcusdt_20240809.gz+../shared/data/binance/usdm/btcusdt_20240808.gz" --strategy fixtures/strategies/basis.ts`,
    )
    .action(async (flags: BacktestFlags) => {
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
    });
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
    renderTable(['preset', 'P&L', 'fills', 'fees', 'sharpe'], PRESET_NAMES.map((p) => [p, b[p].pnl.pnl, String(b[p].counters.fills), b[p].pnl.fees, b[p].kpis.sharpe.toFixed(2)]), new Set([1, 2, 3, 4])),
  );
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
