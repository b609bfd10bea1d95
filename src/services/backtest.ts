import { makeModels } from '../engine/exchange/model-config.js';
import { Kernel, type KernelConfig, type RunResult } from '../engine/kernel/kernel.js';
import { defaultRisk } from '../engine/risk/pre-trade.js';
import { sessionFor } from '../engine/risk/sessions.js';
import type { Strategy } from '../engine/strategy.js';
import { fifoQueueModel } from '../engine/exchange/l3-queue.js';
import type { MarketData } from '../data/market-data.js';
import type { RunConfig } from './run-config.js';
import { eventTimes, type TimeWindow } from './time-windows.js';

export interface BacktestInput {
  data: MarketData;
  strategy: Strategy;
  config: RunConfig;
  seed: number;
  onProgress?: (events: number) => void;
  log?: (message: string) => void;
  /** Run only over this slice of the recording's time (see time-windows.ts); the rest before it warms the books up. */
  window?: TimeWindow;
}

/** Wires the engine for one run: models from the config, the data pushed through the kernel. */
export function makeKernel(
  input: Omit<BacktestInput, 'data' | 'onProgress'> & {
    instrument: MarketData['instrument'];
    /** A persistent account's cash, instead of the config's starting cash. */
    startingCash?: string;
    startingPosition?: KernelConfig['startingPosition'];
    onFill?: KernelConfig['onFill'];
  },
): Kernel {
  const { config, instrument } = input;
  const models = makeModels(config.models);
  const risk = defaultRisk(instrument.assetClass, instrument.venue);
  return new Kernel(
    {
      instrument,
      models: { fill: models.fill, queue: models.queue ?? fifoQueueModel, impact: models.impact, fees: models.fees },
      latency: models.latency,
      feedLatency: config.feedLatency === 'data' ? { kind: 'data' } : { kind: 'constant', ns: BigInt(config.feedLatency.constantNs) },
      risk: {
        leverage: config.risk.leverage ?? risk.leverage,
        maxPositionFraction: config.risk.maxPositionFraction ?? risk.maxPositionFraction,
        locate: config.risk.locate,
        allowShort: config.risk.allowShort ?? risk.allowShort,
      },
      session: sessionFor(instrument.assetClass, config.session),
      startingCash: input.startingCash ?? config.startingCash,
      startingPosition: input.startingPosition,
      onFill: input.onFill,
      seed: input.seed,
      params: config.params,
      navIntervalNs: BigInt(config.navIntervalMs) * 1_000_000n,
      gtcLifetimeNs: BigInt(config.gtcDays) * 86_400_000_000_000n,
    },
    input.strategy,
    input.log,
  );
}

export async function runBacktest(input: BacktestInput): Promise<RunResult> {
  const kernel = makeKernel({ ...input, instrument: input.data.instrument });
  if (input.window) return runWindow(kernel, input, input.window);
  let events = 0;
  for await (const batch of input.data.events()) {
    kernel.onBatch(batch);
    events += batch.length;
    input.onProgress?.(events);
  }
  return kernel.finish();
}

/**
 * A window of the recording: events before it warm the books up, events in it are the run, and
 * reading stops at the first event past it. Times are the clock the kernel keeps (exchange time,
 * never going back), so the windows of one recording partition its events.
 */
async function runWindow(kernel: Kernel, input: BacktestInput, w: TimeWindow): Promise<RunResult> {
  const clock = eventTimes();
  let events = 0;
  outer: for await (const batch of input.data.events()) {
    let i = 0;
    while (i < batch.length && clock(batch[i]) < w.from) i++;
    if (i > 0) kernel.warmUp(i === batch.length ? batch : batch.slice(0, i));
    let j = i;
    while (j < batch.length && clock(batch[j]) < w.to) j++;
    if (j > i) {
      kernel.onBatch(i === 0 && j === batch.length ? batch : batch.slice(i, j));
      events += j - i;
      input.onProgress?.(events);
    }
    if (j < batch.length) break outer;
  }
  return kernel.finish();
}
