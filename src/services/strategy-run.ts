import { performance } from 'node:perf_hooks';
import type { MarketData } from '../data/market-data.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import { runBacktest, type RunTiming } from './backtest.js';
import { loadStrategy } from './load-strategy.js';
import type { RunConfig } from './run-config.js';
import type { TimeWindow } from './time-windows.js';

export interface StrategyRun {
  strategyPath: string;
  config: RunConfig;
  seed: number;
  log?: (message: string) => void;
  window?: TimeWindow;
  /** Filled in with where the run's time went (reading, engine). */
  timing?: RunTiming;
}

/**
 * One run of a strategy over opened data (its parts: one per instrument, the first the primary):
 * a fresh copy of the strategy module each time, so no state carries over between runs, then
 * the backtest. A case, a rerun for determinism, a preset of a band and a manifest's rerun all
 * go through here. `seconds` times the run alone, not the loading of the strategy.
 */
export async function runStrategy(parts: MarketData[], run: StrategyRun): Promise<{ result: RunResult; seconds: number }> {
  const strategy = await loadStrategy(run.strategyPath, run.config.params);
  const started = performance.now();
  const [data, ...others] = parts;
  const result = await runBacktest({ data, others, strategy, config: run.config, seed: run.seed, log: run.log, window: run.window, timing: run.timing });
  return { result, seconds: (performance.now() - started) / 1000 };
}
