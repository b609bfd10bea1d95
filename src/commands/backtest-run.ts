/**
 * What `vtrade backtest` does once it runs: kept apart from the command's definition so that
 * `backtest --help` loads none of it (the engine, the readers, zod). It parses the flags, calls
 * one service (a suite of cases, a band, or a manifest's check) and prints what came back.
 */
import { performance } from 'node:perf_hooks';
import { CheckFailedError, ExitCode, ManifestMismatchError, UsageError, VtradeError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { parseParams } from '../cli-support/params.js';
import { writeJson } from '../cli-support/output.js';
import { withStdoutOnStderr } from '../cli-support/stdout-guard.js';
import { bandJson, runBand } from '../services/backtest-band.js';
import { matrixJson, singleJson } from '../services/backtest-json.js';
import { buildMatrix, dataSessions, parseShard, shardCells, strategyFiles, type Shard } from '../services/backtest-matrix.js';
import { casePassed, suiteExitCode, suiteResult, type CaseRun } from '../services/backtest-suite.js';
import { runSuite } from '../services/backtest-suite-run.js';
import { parseAssertion } from '../services/assertions.js';
import { parseReporterSpec, validateReporterSpecs, writeReports, type ReporterSpec } from '../services/reporters/index.js';
import { verificationSuite, verifyManifest, type Verification } from '../services/verify-manifest.js';
import { caseFailureLines, printBand, printMatrix, printSingle } from './backtest-output.js';
import { openFromFlags, openPartsFromFlags } from './data-options.js';
import { runConfigFromFlags } from './model-options.js';
import type { RunFlags } from './flag-sets.js';

export interface BacktestFlags extends RunFlags {
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

const strategyLog = (m: string) => void process.stderr.write(`strategy: ${m}\n`);

/** With --json, stdout carries the JSON alone: whatever a strategy prints goes to stderr. */
const quietStdout = <T>(json: boolean | undefined, work: () => Promise<T>): Promise<T> => (json ? withStdoutOnStderr(work) : work());

export async function runBacktestCommand(flags: BacktestFlags): Promise<void> {
  const reporters = flags.reporter.map(parseReporterSpec);
  if (flags.verifyManifest) return verify(flags.verifyManifest, flags, reporters);
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
    const band = await quietStdout(flags.json, () => runBand({ openParts: (parts) => openPartsFromFlags(parts, flags), cell: cells[0], config, seed, log: strategyLog }));
    for (const w of band.warnings) process.stderr.write(`warning: ${w}\n`);
    return flags.json ? writeJson(bandJson(band.reports)) : printBand(band);
  }

  validateReporterSpecs(reporters, flags.out);
  const name = `vtrade backtest${shard ? ` shard ${shard.index}/${shard.count}` : ''}`;
  const { done, dirs, snapshotWritten } = await quietStdout(flags.json, () =>
    runSuite({
      all,
      cells,
      shard,
      single,
      name,
      out: flags.out,
      snapshot: flags.snapshot ? { path: flags.snapshot, update: Boolean(flags.updateSnapshot) } : undefined,
      open: (paths) => openFromFlags(paths, flags),
      openParts: (parts) => openPartsFromFlags(parts, flags),
      config,
      seed,
      assertions,
      runs,
      manifests: flags.out !== undefined || reporters.length > 0,
      log: strategyLog,
      onCase: single ? undefined : (r) => reportCase(r, flags.snapshot),
    }),
  );
  if (snapshotWritten !== undefined) {
    const path = flags.snapshot!;
    process.stderr.write(
      snapshotWritten === 0 ? `snapshot: ${path} not written: no case ran to completion\n` : `snapshot: wrote ${path} (${snapshotWritten} case${snapshotWritten === 1 ? '' : 's'})\n`,
    );
  }
  if (single) return finishSingle(done[0], flags, reporters, name);
  return finishMatrix(done, flags, reporters, name, { total: all.length, shard, dirs });
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

async function finishMatrix(done: CaseRun[], flags: BacktestFlags, reporters: ReporterSpec[], name: string, m: { total: number; shard?: Shard; dirs?: Map<CaseRun, string> }): Promise<void> {
  if (reporters.length > 0) await writeReports(suiteResult(name, done), reporters, flags.out);
  if (flags.json) writeJson(matrixJson(done, name, m.total, m.shard, m.dirs, flags.snapshot, true));
  else printMatrix(done, m.total);
  if (done.length === 0) process.stderr.write(`note: shard ${m.shard!.index}/${m.shard!.count} has no case of the ${m.total}\n`);
  const code = suiteExitCode(done);
  if (code !== ExitCode.Ok) {
    const failed = done.filter((r) => !casePassed(r));
    throw new VtradeError(`${failed.length} of ${done.length} cases failed: ${failed.map((r) => r.cell.name).join('; ')}`, code);
  }
}

/** Reruns a recorded run and insists on the same fills (and orders, when the manifest has a fingerprint), byte for byte. */
async function verify(path: string, flags: BacktestFlags, reporters: ReporterSpec[]): Promise<void> {
  validateReporterSpecs(reporters, flags.out);
  const started = performance.now();
  const report = async (error: VtradeError | undefined, checks: Verification['checks']) => {
    if (reporters.length > 0) await writeReports(verificationSuite(path, (performance.now() - started) / 1000, checks, error), reporters, flags.out);
  };
  let v: Verification;
  try {
    v = await quietStdout(flags.json, () => verifyManifest(path, (parts) => openPartsFromFlags(parts, flags)));
  } catch (err) {
    if (err instanceof VtradeError) await report(err, []);
    throw err;
  }
  await report(v.mismatch, v.checks);
  const recorded = v.manifest;
  if (flags.json) {
    writeJson({
      manifest: path,
      fills_sha256: v.fillsSha256,
      expected_fills_sha256: recorded.fills_sha256,
      fingerprint: v.fingerprint,
      expected_fingerprint: recorded.fingerprint ?? null,
      fills: v.fills,
      match: !v.mismatch,
    });
  } else {
    process.stdout.write(`${v.mismatch ? 'MISMATCH' : 'match'}: fills sha256 ${v.fillsSha256} (manifest ${recorded.fills_sha256}), ${v.fills} fills\n`);
    if (recorded.fingerprint !== undefined) process.stdout.write(`fingerprint ${v.fingerprint} (manifest ${recorded.fingerprint})\n`);
  }
  if (v.mismatch) throw v.mismatch;
}
