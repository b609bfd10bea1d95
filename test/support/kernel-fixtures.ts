/** Kernel configs and scripted strategies for the kernel's tests. */
import type { MarketEvent } from '../../src/engine/model/events.js';
import type { Instrument } from '../../src/engine/model/instrument.js';
import { makeLatencyModel } from '../../src/engine/exchange/latency-models.js';
import { alwaysOpen } from '../../src/engine/risk/sessions.js';
import type { FillView, OrderUpdate, Strategy, StrategyContext } from '../../src/engine/strategy.js';
import { tinyInstrument, venueModels, type ModelChoice } from './engine-fixtures.js';
import { Kernel, type KernelConfig, type RunResult } from '../../src/engine/kernel/kernel.js';

export function kernelConfig(over: Partial<KernelConfig> = {}, models: ModelChoice = {}, instrument: Instrument = tinyInstrument()): KernelConfig {
  return {
    instrument,
    models: venueModels(models),
    latency: makeLatencyModel({ name: 'constant', entryNs: 0, responseNs: 0 }),
    feedLatency: { kind: 'constant', ns: 0n },
    // generous limits: the kernel tests are about timing and matching, not risk
    risk: { leverage: 1000, maxPositionFraction: 1000, locate: [], allowShort: true },
    session: alwaysOpen,
    startingCash: '1000',
    seed: 1,
    params: {},
    navIntervalNs: 1000n,
    gtcLifetimeNs: 10n ** 15n,
    ...over,
  };
}

export interface Step {
  at: bigint;
  run: (ctx: StrategyContext) => void;
}

/** What a scripted strategy saw, each with the strategy's clock. */
export interface Seen {
  updates: (OrderUpdate & { now: bigint })[];
  fills: (FillView & { now: bigint })[];
  book: { now: bigint; record: number; bestBid: number | undefined; bestAsk: number | undefined }[];
  startNow?: bigint;
}

/** Runs each step from a timer at its time; records what it is told. */
export function scripted(steps: Step[], extra: Partial<Strategy> = {}): Strategy & { seen: Seen } {
  const seen: Seen = { updates: [], fills: [], book: [] };
  return {
    seen,
    onStart(ctx) {
      seen.startNow = ctx.now();
      steps.forEach((s, i) => ctx.setTimer(s.at, String(i)));
      extra.onStart?.(ctx);
    },
    onTimer(ctx, name) {
      steps[Number(name)].run(ctx);
    },
    onBook(ctx, e, m) {
      seen.book.push({ now: ctx.now(), record: e.record, bestBid: ctx.book.bestBid(), bestAsk: ctx.book.bestAsk() });
      extra.onBook?.(ctx, e, m);
    },
    onTrade(ctx, e, m) {
      extra.onTrade?.(ctx, e, m);
    },
    onOrderUpdate(ctx, u) {
      seen.updates.push({ ...u, now: ctx.now() });
      extra.onOrderUpdate?.(ctx, u);
    },
    onFill(ctx, f) {
      seen.fills.push({ ...f, now: ctx.now() });
      extra.onFill?.(ctx, f);
    },
    onEnd(ctx) {
      extra.onEnd?.(ctx);
    },
  };
}

export function run(config: KernelConfig, strategy: Strategy, events: MarketEvent[], batch = 3): RunResult {
  const k = new Kernel(config, strategy);
  for (let i = 0; i < events.length; i += batch) k.onBatch(events.slice(i, i + batch));
  return k.finish();
}
