import { existsSync, readFileSync } from 'node:fs';
import { InputError, ManifestMismatchError } from '../errors.js';
import { parseRunConfig, type RunConfig } from './run-config.js';
import { sha256File, type Manifest } from './run-outputs.js';

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
