import type { RunConfig } from '../services/run-config.js';
import { ENGINE_VERSION, equityCsv, sha256File, writeRunOutputs, type Manifest } from '../services/run-outputs.js';
import { runLogs } from '../services/run-logs.js';
import { buildReport, type RunReport } from '../services/run-report.js';
import type { LiveRunResult } from './live-run.js';

/**
 * A live run's outputs, in the same files and bytes as a backtest's: report.json, fills.jsonl,
 * orders.csv, equity.csv and manifest.json. The manifest's data entry is the feed as consumed:
 * its source and the sha256 of its events in the binary wire encoding.
 */
export async function writeLiveOutputs(dir: string, live: LiveRunResult, args: { strategyPath: string; seed: number; config: RunConfig }): Promise<RunReport> {
  const { result, instrument } = live;
  if (!result || !instrument) throw new Error('internal: no run to write');
  const logs = runLogs(result);
  const report = buildReport(result, instrument, args.config, args.seed, logs);
  const manifest: Manifest = {
    manifestVersion: 1,
    engine_version: ENGINE_VERSION,
    data: [{ path: live.feed.source, sha256: live.feed.sha256, bytes: live.feed.bytes }],
    strategy: { path: args.strategyPath, sha256: await sha256File(args.strategyPath) },
    seed: args.seed,
    config: args.config,
    fills_sha256: logs.fillsSha256,
    fingerprint: logs.fingerprint,
  };
  writeRunOutputs(dir, { report, fills: logs.fills, orders: logs.orders, manifest, equity: equityCsv(result) });
  return report;
}
