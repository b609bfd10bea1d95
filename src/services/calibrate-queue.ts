import type { QueueModelConfig } from '../engine/exchange/queue-models.js';
import type { MarketEvent } from '../engine/model/events.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import type { Strategy } from '../engine/strategy.js';
import type { MarketData } from '../data/market-data.js';
import { UsageError } from '../errors.js';
import { makeKernel, visibleLevelsOf } from './backtest.js';
import { playbackStrategy, recordingStrategy, type OrderAction } from './order-tape.js';
import { outcomes, rank, scoreModel, type ModelScore } from './queue-score.js';
import type { RunConfig } from './run-config.js';
import { ORDER_LEVEL_EXAMPLE, whyNotOrderLevel } from './order-level.js';

/**
 * How well each L2 queue model stands in for the true queue. On order-level data the true queue
 * is known: run the strategy once under exact FIFO, then play the orders it sent back open loop
 * (no feedback: the same orders at the same times) under FIFO again and under each L2 model,
 * and score every model's fills against the FIFO run's, order by order.
 */

/** The exponents `power:N` is fitted over, doubling from 0.25 to 64: the N with the best score is reported beside the fixed models. */
export const POWER_FIT_GRID: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

/** The fixed L2 models every calibration scores. */
const FIXED_L2: readonly { name: string; queue: QueueModelConfig }[] = [
  { name: 'risk-averse', queue: { name: 'risk-averse' } },
  { name: 'power:2', queue: { name: 'power', n: 2 } },
  { name: 'log', queue: { name: 'log' } },
];

export interface CalibrateInput {
  data: MarketData;
  /** The strategy whose orders are scored. */
  strategy: Strategy;
  config: RunConfig;
  seed: number;
  /** Lift the risk limits in the FIFO run too (a list of orders, as tca does: the question is what the market gives). */
  riskFree?: boolean;
  /** The exponents to fit power:N over (default POWER_FIT_GRID). */
  grid?: readonly number[];
  /** Progress: the name of each run as it starts. */
  onRun?: (name: string) => void;
}

export interface CalibrationResult {
  truth: 'fifo';
  data: string;
  /** Orders that reached the venue in the FIFO run, those of them that rested (scored), and those FIFO filled. */
  orders: { sent: number; scored: number; filled_by_fifo: number };
  /**
   * FIFO played back open loop, scored against the FIFO run itself (it must be perfect: that
   * checks the playback), then every L2 model: the fixed ones and the fitted power:N.
   */
  models: ModelScore[];
  /** power:N fitted over POWER_FIT_GRID: the N with the best score. */
  fit: { model: 'power'; range: [number, number]; grid: { n: number; f1: number }[]; n: number };
  /** The top-scored L2 model (F1, then quantity error, then median and p90 time error). */
  best: ModelScore;
}

/** Refuses data without order ids, before any run: the true queue cannot be known from it. */
export async function assertOrderLevel(data: MarketData): Promise<void> {
  const why = await whyNotOrderLevel(data);
  if (why === undefined) return;
  throw new UsageError(
    `${data.path}: cannot calibrate queue models on it: ${why}, so the true (FIFO) queue is unknown`,
    `use order-level data, such as a LOBSTER day: ${ORDER_LEVEL_EXAMPLE}`,
  );
}

export async function calibrateQueue(input: CalibrateInput): Promise<CalibrationResult> {
  const { data } = input;
  await assertOrderLevel(data);
  // One pass over the file; every run replays the same events from memory.
  const batches: MarketEvent[][] = [];
  for await (const batch of data.events()) batches.push(batch);
  const visibleLevels = visibleLevelsOf(data);
  const run = (name: string, strategy: Strategy, queue: QueueModelConfig, riskFree: boolean): RunResult => {
    input.onRun?.(name);
    const config = withQueue(input.config, queue, riskFree, data.instrument.symbol);
    const kernel = makeKernel({ strategy, config, seed: input.seed, instrument: data.instrument, visibleLevels });
    for (const b of batches) kernel.onBatch(b);
    return kernel.finish();
  };

  const tape: OrderAction[] = [];
  const truthRun = run('fifo (the strategy)', recordingStrategy(input.strategy, tape), { name: 'fifo' }, input.riskFree === true);
  const sent = new Set(truthRun.orders.map((o) => o.req.clientId));
  const truth = outcomes(truthRun);
  // Every playback lifts the risk limits: an order sent in the FIFO run is sent in each, whatever
  // the position the model's own fills would have built.
  const playback = (name: string, queue: QueueModelConfig) => scoreModel(name, outcomes(run(name, playbackStrategy(tape, sent), queue, true)), truth);

  const fifo = playback('fifo', { name: 'fifo' });
  const fixed = FIXED_L2.map((m) => playback(m.name, m.queue));
  const exponents = input.grid ?? POWER_FIT_GRID;
  const grid = exponents.map((n) => ({ n, score: n === 2 ? fixed[1] : playback(`power:${n}`, { name: 'power', n }) }));
  const fitted = [...grid].sort((a, b) => rank(a.score, b.score) || a.n - b.n)[0];
  const l2 = [...fixed, { ...fitted.score, name: `power:${fitted.n}`, fitted: true }];
  return {
    truth: 'fifo',
    data: data.path,
    orders: { sent: sent.size, scored: truth.size, filled_by_fifo: [...truth.values()].filter((o) => o.filled > 0).length },
    models: [fifo, ...l2],
    fit: { model: 'power', range: [Math.min(...exponents), Math.max(...exponents)], grid: grid.map((g) => ({ n: g.n, f1: g.score.f1 })), n: fitted.n },
    best: [...l2].sort(rank)[0],
  };
}

function withQueue(config: RunConfig, queue: QueueModelConfig, riskFree: boolean, symbol: string): RunConfig {
  const models = { ...config.models, queue: queue as RunConfig['models']['queue'] };
  if (!riskFree) return { ...config, models };
  return { ...config, models, risk: { ...config.risk, leverage: 1e12, maxPositionFraction: 1e12, allowShort: true, locate: [symbol] } };
}
