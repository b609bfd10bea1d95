import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import type { MarketData } from '../../data/market-data.js';
import { ExitCode, InputError, VtradeError } from '../../errors.js';
import { reportFigures, type FigureValue } from '../assertions.js';
import { SuiteRunner } from '../backtest-suite.js';
import type { RunConfig } from '../run-config.js';
import { sha256File } from '../run-outputs.js';
import { defaultPeriod, periodEquity, type PeriodEquity } from './period-equity.js';
import type { ParamSet } from './grid.js';

/**
 * One unit of a sweep's work, as a member receives it (over IPC from the sweep on this machine,
 * or over Kafka from anywhere): exactly a `vtrade backtest` of one strategy on one data session
 * with the params in its config. Files go by path and sha256, so a member runs a case only on the
 * identical bytes.
 */
export interface FileRef {
  path: string;
  sha256: string;
}

export interface SweepJob {
  /** Unique within the sweep: "c3" (case 3 over the whole data), "c3w2" (its walk-forward window 2). */
  id: string;
  /** Hash of everything that decides the result: a resumed sweep keeps a result only under the same key. */
  key: string;
  strategy: FileRef;
  data: FileRef[];
  /** --format, --allow-unordered and --instrument as the sweep was given them. */
  dataOptions: { format?: string; allowUnordered?: boolean; instrument?: FileRef };
  window?: { index: number; of: number };
  /** The whole run config, the case's params included. */
  config: RunConfig;
  seed: number;
  /** The returns' period in ns, or "auto" (one minute for intraday data, one day otherwise). */
  periodNs: string;
}

export interface SweepJobResult {
  id: string;
  key: string;
  fingerprint?: string;
  figures?: Record<string, FigureValue>;
  equity?: PeriodEquity;
  error?: { message: string; exitCode: number; hint?: string };
  warnings: string[];
  seconds: number;
  /** Who ran it: host and process id. */
  member: string;
}

export function jobKey(job: Omit<SweepJob, 'id' | 'key'>): string {
  return createHash('sha256').update(JSON.stringify(job)).digest('hex').slice(0, 32);
}

export async function fileRef(path: string): Promise<FileRef> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(path, undefined, undefined, 'no such file');
  return { path, sha256: await sha256File(path) };
}

export type OpenData = (paths: string[], options: { format?: string; allowUnordered?: boolean; instrument?: string }) => Promise<MarketData>;

/** Hashes by path, size and mtime: a member runs many cases on the same few files. */
const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

async function checkIdentical(ref: FileRef, what: string): Promise<void> {
  const where = `${hostname()} (pid ${process.pid})`;
  const hint = 'give every member the same files at the same paths (relative to where it runs), or run the sweep where the files are';
  if (!existsSync(ref.path)) throw new InputError(ref.path, undefined, what, `no such file on member ${where}; the case wants sha256 ${ref.sha256}`, hint);
  const st = statSync(ref.path);
  let known = hashes.get(ref.path);
  if (!known || known.size !== st.size || known.mtimeMs !== st.mtimeMs) {
    known = { size: st.size, mtimeMs: st.mtimeMs, sha256: await sha256File(ref.path) };
    hashes.set(ref.path, known);
  }
  if (known.sha256 !== ref.sha256) {
    throw new InputError(ref.path, undefined, what, `member ${where} has different bytes: sha256 ${known.sha256}, the case wants ${ref.sha256}`, hint);
  }
}

/** Runs one job through the backtest service, as `vtrade backtest` runs a case. */
export async function runSweepJob(job: SweepJob, open: OpenData, log: (m: string) => void): Promise<SweepJobResult> {
  const started = performance.now();
  const member = `${hostname()}:${process.pid}`;
  const base = { id: job.id, key: job.key, member, warnings: [] as string[] };
  try {
    await checkIdentical(job.strategy, 'strategy');
    for (const d of job.data) await checkIdentical(d, 'data');
    if (job.dataOptions.instrument) await checkIdentical(job.dataOptions.instrument, 'instrument');
  } catch (err) {
    const e = err as VtradeError;
    return { ...base, error: { message: e.message, exitCode: e.exitCode ?? ExitCode.BadInput, hint: e.hint }, seconds: (performance.now() - started) / 1000 };
  }
  const o = job.dataOptions;
  const runner = new SuiteRunner({
    open: (paths) => open(paths, { format: o.format, allowUnordered: o.allowUnordered, instrument: o.instrument?.path }),
    config: job.config,
    seed: job.seed,
    assertions: [],
    runs: 1,
    manifests: false,
    log,
  });
  const r = await runner.run({ index: 0, strategy: job.strategy.path, data: job.data.map((d) => d.path), window: job.window, name: job.id });
  const seconds = (performance.now() - started) / 1000;
  if (r.error || !r.report) {
    return { ...base, warnings: r.warnings, error: { message: r.error?.message ?? 'the case produced no report', exitCode: r.error?.exitCode ?? ExitCode.Internal, hint: r.error?.hint }, seconds };
  }
  const samples = parseEquityCsv(r.equity ?? '');
  const period = job.periodNs === 'auto' ? defaultPeriod(samples) : BigInt(job.periodNs);
  return { ...base, warnings: r.warnings, fingerprint: r.report.fingerprint, figures: reportFigures(r.report), equity: periodEquity(samples, period), seconds };
}

function parseEquityCsv(text: string): { ts: bigint; equity: string }[] {
  const out: { ts: bigint; equity: string }[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const comma = line.indexOf(',');
    out.push({ ts: BigInt(line.slice(0, comma)), equity: line.slice(comma + 1) });
  }
  return out;
}

/** The params of a job (its config's). */
export const jobParams = (job: SweepJob): ParamSet => job.config.params as ParamSet;
