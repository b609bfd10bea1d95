import { makeModels } from '../engine/exchange/model-config.js';
import { Kernel, type RunResult } from '../engine/kernel/kernel.js';
import { defaultRisk } from '../engine/risk/pre-trade.js';
import { sessionFor } from '../engine/risk/sessions.js';
import type { Strategy } from '../engine/strategy.js';
import { fifoQueueModel } from '../engine/exchange/l3-queue.js';
import type { MarketData } from '../data/market-data.js';
import type { RunConfig } from './run-config.js';

export interface BacktestInput {
  data: MarketData;
  strategy: Strategy;
  config: RunConfig;
  seed: number;
  onProgress?: (events: number) => void;
  log?: (message: string) => void;
}

/** Wires the engine for one run: models from the config, the data pushed through the kernel. */
export function makeKernel(input: Omit<BacktestInput, 'data' | 'onProgress'> & { instrument: MarketData['instrument'] }): Kernel {
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
      startingCash: config.startingCash,
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
  let events = 0;
  for await (const batch of input.data.events()) {
    kernel.onBatch(batch);
    events += batch.length;
    input.onProgress?.(events);
  }
  return kernel.finish();
}
