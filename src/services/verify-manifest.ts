import { existsSync, readFileSync } from 'node:fs';
import type { MarketData } from '../data/market-data.js';
import { InputError, ManifestMismatchError, type VtradeError } from '../errors.js';
import type { CaseResult, SuiteResult } from './reporters/suite.js';
import { parseRunConfig, type RunConfig } from './run-config.js';
import { runLogs } from './run-logs.js';
import { sha256File, type Manifest } from './run-outputs.js';
import { runStrategy } from './strategy-run.js';

export interface ManifestRun {
  manifest: Manifest;
  dataPaths: string[];
  /** The data as parts, one instrument's files each (one part but for a run of several instruments). */
  dataParts: string[][];
  strategyPath: string;
  config: RunConfig;
  seed: number;
}

/**
 * Reads a manifest and checks that the data and strategy it names are byte for byte the ones
 * recorded. Paths are as recorded: a run is reproduced from the same working directory.
 */
export async function loadManifestRun(path: string): Promise<ManifestRun> {
  if (!existsSync(path)) throw new InputError(path, undefined, undefined, 'no such manifest');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not JSON (${(err as Error).message})`);
  }
  if (manifest.manifestVersion !== 1 || !Array.isArray(manifest.data) || !manifest.strategy) {
    throw new InputError(path, undefined, 'manifestVersion', 'not a vtrade backtest manifest (version 1 with data and strategy)');
  }
  for (const d of manifest.data) {
    if (!existsSync(d.path)) throw new ManifestMismatchError(`${d.path}: the data file the manifest names is missing`);
    const hash = await sha256File(d.path);
    if (hash !== d.sha256) {
      throw new ManifestMismatchError(`${d.path}: data hash ${hash} differs from the manifest's ${d.sha256}`, 'the data changed since the run was recorded');
    }
  }
  const strategyHash = existsSync(manifest.strategy.path) ? await sha256File(manifest.strategy.path) : 'missing';
  if (strategyHash !== manifest.strategy.sha256) {
    throw new ManifestMismatchError(`${manifest.strategy.path}: strategy hash ${strategyHash} differs from the manifest's ${manifest.strategy.sha256}`);
  }
  let config: RunConfig;
  try {
    config = parseRunConfig(manifest.config);
  } catch (err) {
    throw new InputError(path, undefined, 'config', (err as Error).message);
  }
  const dataPaths = manifest.data.map((d) => d.path);
  const counts = manifest.parts ?? [dataPaths.length];
  if (!Array.isArray(counts) || counts.some((n) => !Number.isSafeInteger(n) || n < 1) || counts.reduce((a, b) => a + b, 0) !== dataPaths.length) {
    throw new InputError(path, undefined, 'parts', `the parts (${JSON.stringify(manifest.parts)}) do not add up to the ${dataPaths.length} data files`);
  }
  const dataParts: string[][] = [];
  let at = 0;
  for (const n of counts) dataParts.push(dataPaths.slice(at, (at += n)));
  return { manifest, dataPaths, dataParts, strategyPath: manifest.strategy.path, config, seed: manifest.seed };
}

export interface ManifestCheck {
  expr: 'fills_sha256' | 'fingerprint';
  passed: boolean;
  actual: string;
  expected: string;
}

export interface Verification {
  manifest: Manifest;
  fillsSha256: string;
  fingerprint: string;
  fills: number;
  /** fills_sha256 always; the orders-and-fills fingerprint when the manifest records one. */
  checks: ManifestCheck[];
  /** Set when a check failed: what the command exits with. */
  mismatch?: ManifestMismatchError;
}

/**
 * Reruns a recorded run and compares its fills (and orders, when the manifest has a
 * fingerprint) with the record, byte for byte. `openParts` opens the recorded data's parts.
 */
export async function verifyManifest(path: string, openParts: (parts: string[][]) => Promise<MarketData[]>): Promise<Verification> {
  const run = await loadManifestRun(path);
  const parts = await openParts(run.dataParts);
  const { result } = await runStrategy(parts, { strategyPath: run.strategyPath, config: run.config, seed: run.seed });
  const { fillsSha256, fingerprint } = runLogs(result);
  const recorded = run.manifest;
  const checks: ManifestCheck[] = [{ expr: 'fills_sha256', passed: fillsSha256 === recorded.fills_sha256, actual: fillsSha256, expected: recorded.fills_sha256 }];
  if (recorded.fingerprint !== undefined) checks.push({ expr: 'fingerprint', passed: fingerprint === recorded.fingerprint, actual: fingerprint, expected: recorded.fingerprint });
  const ok = checks.every((c) => c.passed);
  const mismatch = ok ? undefined : new ManifestMismatchError(`${path}: the rerun's ${checks[0].passed ? 'orders' : 'fills'} differ from the recorded run`, 'the engine version, data or strategy changed');
  return { manifest: recorded, fillsSha256, fingerprint, fills: result.fills.length, checks, mismatch };
}

/** A verification as a suite of one case, for the reporters (JUnit, GitHub, benchmark JSON). */
export function verificationSuite(path: string, seconds: number, checks: ManifestCheck[], error: VtradeError | undefined): SuiteResult {
  const c: CaseResult = { name: `verify ${path}`, classname: path, durationSeconds: seconds, assertions: checks, figures: {}, properties: { manifest: path } };
  return { name: 'vtrade backtest --verify-manifest', cases: [error ? { ...c, error: { message: error.message, exitCode: error.exitCode } } : c] };
}
