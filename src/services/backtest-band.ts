import type { MarketData } from '../data/market-data.js';
import { PRESET_NAMES, withPreset, type PresetName } from '../engine/exchange/model-config.js';
import type { Cell } from './backtest-matrix.js';
import type { RunConfig } from './run-config.js';
import { buildReport, type RunReport } from './run-report.js';
import { runStrategy } from './strategy-run.js';

export interface BandInput {
  /** Opens a case's parts (one instrument's session each). */
  openParts: (parts: string[][]) => Promise<MarketData[]>;
  cell: Cell;
  config: RunConfig;
  seed: number;
  log?: (message: string) => void;
}

export interface Band {
  /** Each preset's run, in PRESET_NAMES order. */
  reports: Record<PresetName, RunReport>;
  /** The readers' warnings, once each. */
  warnings: string[];
}

/**
 * The same case under the pessimistic, base and optimistic presets, on data opened once: P&L as
 * a band of outcomes rather than one number.
 */
export async function runBand(input: BandInput): Promise<Band> {
  const parts = await input.openParts(input.cell.parts ?? [input.cell.data]);
  const reports = {} as Record<PresetName, RunReport>;
  for (const preset of PRESET_NAMES) {
    const config = { ...input.config, models: withPreset(preset, input.config.models) };
    const { result } = await runStrategy(parts, { strategyPath: input.cell.strategy, config, seed: input.seed, log: input.log });
    reports[preset] = buildReport(result, parts[0].instrument, config, input.seed);
  }
  return { reports, warnings: [...new Set(parts.flatMap((p) => p.warnings))] };
}

/** The band as --json prints it: per preset its P&L, fills, Sharpe and fees. */
export function bandJson(reports: Record<PresetName, RunReport>): { band: Record<PresetName, { pnl: string; fills: number; sharpe: number; fees: string }> } {
  const row = (r: RunReport) => ({ pnl: r.pnl.pnl, fills: r.counters.fills, sharpe: r.kpis.sharpe, fees: r.pnl.fees });
  return { band: Object.fromEntries(PRESET_NAMES.map((p) => [p, row(reports[p])])) as Record<PresetName, ReturnType<typeof row>> };
}
