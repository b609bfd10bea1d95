import { performance } from 'node:perf_hooks';
import { makeModels } from '../engine/exchange/model-config.js';
import { Kernel, type KernelConfig, type MarketConfig, type RunResult } from '../engine/kernel/kernel.js';
import { instrumentId, type Instrument } from '../engine/model/instrument.js';
import { defaultRisk, type RiskConfig } from '../engine/risk/pre-trade.js';
import { sessionFor } from '../engine/risk/sessions.js';
import type { Strategy } from '../engine/strategy.js';
import type { VenueModels } from '../engine/exchange/venue.js';
import type { MarketData } from '../data/market-data.js';
import { mergeParts, overlapWarning } from '../data/merge-parts.js';
import { UsageError } from '../errors.js';
import type { RunConfig } from './run-config.js';
import { assertQueueFitsData } from './order-level.js';
import { eventTimes, type TimeWindow } from './time-windows.js';

export interface BacktestInput {
  /** The run's first instrument's data (all of it for a run of one instrument). */
  data: MarketData;
  /** The other instruments' data, in the order of the --data parts: merged with `data` by exchange time. */
  others?: MarketData[];
  strategy: Strategy;
  config: RunConfig;
  seed: number;
  onProgress?: (events: number) => void;
  log?: (message: string) => void;
  /** Run only over this slice of the recording's time (see time-windows.ts); the rest before it warms the books up. */
  window?: TimeWindow;
  /** When given, wall seconds spent waiting for the data and inside the engine are added to it. */
  timing?: RunTiming;
}

/** Where a run's wall time went: reading (and parsing) the data, and the engine itself. */
export interface RunTiming {
  readSeconds: number;
  engineSeconds: number;
}

/** Fresh venue models from the config: each instrument of a run gets its own (impact remembers what was taken). */
function venueModels(config: RunConfig, visibleLevels: number | undefined): VenueModels {
  const models = makeModels(config.models, { visibleLevels });
  return { fill: models.fill, queue: models.queue, impact: models.impact, fees: models.fees };
}

/** The config's risk limits, with what it leaves out defaulted by the instrument's asset class and venue. */
function riskFor(config: RunConfig, instrument: Instrument): RiskConfig {
  const risk = defaultRisk(instrument.assetClass, instrument.venue);
  return {
    leverage: config.risk.leverage ?? risk.leverage,
    maxPositionFraction: config.risk.maxPositionFraction ?? risk.maxPositionFraction,
    locate: config.risk.locate,
    allowShort: config.risk.allowShort ?? risk.allowShort,
  };
}

/** Wires the engine for one run: models from the config, the data pushed through the kernel. */
export function makeKernel(
  input: Omit<BacktestInput, 'data' | 'others' | 'onProgress'> & {
    instrument: MarketData['instrument'];
    /** The run's other instruments, in part order, with the book levels their data show (see visibleLevelsOf). */
    others?: { instrument: Instrument; visibleLevels?: number }[];
    /** A persistent account's cash, instead of the config's starting cash. */
    startingCash?: string;
    startingPosition?: KernelConfig['startingPosition'];
    onFill?: KernelConfig['onFill'];
    /** Book levels per side the data shows (see visibleLevelsOf); exact FIFO flags fills that depend on what lies beyond. */
    visibleLevels?: number;
  },
): Kernel {
  const { config, instrument } = input;
  const models = makeModels(config.models, { visibleLevels: input.visibleLevels });
  const others: MarketConfig[] = (input.others ?? []).map((o) => ({
    instrument: o.instrument,
    models: venueModels(config, o.visibleLevels),
    risk: riskFor(config, o.instrument),
    session: sessionFor(o.instrument.assetClass, config.session),
  }));
  return new Kernel(
    {
      instrument,
      models: { fill: models.fill, queue: models.queue, impact: models.impact, fees: models.fees },
      others,
      latency: models.latency,
      feedLatency: config.feedLatency === 'data' ? { kind: 'data' } : { kind: 'constant', ns: BigInt(config.feedLatency.constantNs) },
      risk: riskFor(config, instrument),
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

/** Book levels per side a recording shows when it is a window on a deeper book (LOBSTER's N); undefined for the whole book. */
export function visibleLevelsOf(data: MarketData): number | undefined {
  const levels = (data as MarketData & { levels?: unknown }).levels;
  return data.format === 'lobster' && typeof levels === 'number' ? levels : undefined;
}

export async function runBacktest(input: BacktestInput): Promise<RunResult> {
  const others = input.others ?? [];
  await assertQueueFitsData(input.config, [input.data, ...others]);
  const kernel = makeKernel({
    ...input,
    instrument: input.data.instrument,
    visibleLevels: visibleLevelsOf(input.data),
    others: others.map((d) => ({ instrument: d.instrument, visibleLevels: visibleLevelsOf(d) })),
  });
  if (others.length > 0) return runParts(kernel, input, [input.data, ...others]);
  if (input.window) return runWindow(kernel, input, input.window);
  const clock = new Stopwatch(input.timing);
  let events = 0;
  for await (const batch of input.data.events()) {
    clock.read();
    kernel.onBatch(batch);
    clock.engine();
    events += batch.length;
    input.onProgress?.(events);
  }
  clock.read();
  const result = kernel.finish();
  clock.engine();
  return result;
}

/** Splits wall time between the data and the engine: each call charges the time since the last one. */
class Stopwatch {
  private last = performance.now();
  constructor(private readonly into: RunTiming | undefined) {}

  read(): void {
    if (this.into) this.into.readSeconds += this.lap();
  }

  engine(): void {
    if (this.into) this.into.engineSeconds += this.lap();
  }

  private lap(): number {
    const now = performance.now();
    const s = (now - this.last) / 1000;
    this.last = now;
    return s;
  }
}

/**
 * A window of the recording: events before it warm the books up, events in it are the run, and
 * reading stops at the first event past it. Times are the clock the kernel keeps (exchange time,
 * never going back), so the windows of one recording partition its events.
 */
async function runWindow(kernel: Kernel, input: BacktestInput, w: TimeWindow): Promise<RunResult> {
  const clock = eventTimes();
  const watch = new Stopwatch(input.timing);
  let events = 0;
  outer: for await (const batch of input.data.events()) {
    watch.read();
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
    watch.engine();
    if (j < batch.length) break outer;
  }
  watch.read();
  const result = kernel.finish();
  watch.engine();
  return result;
}

/**
 * A run over several instruments: the parts' events merged by exchange time into the kernel. A
 * part that never overlaps another in time leaves a warning on the first part's data.
 */
async function runParts(kernel: Kernel, input: BacktestInput, parts: MarketData[]): Promise<RunResult> {
  if (input.window) throw new UsageError('--window splits one instrument\'s recording: it does not take --data parts joined with +', 'run each instrument on its own, or the parts without --window');
  const watch = new Stopwatch(input.timing);
  const spans = await mergeParts(parts, (m, batch, from, to) => kernel.onEvents(m, batch, from, to), input.onProgress, watch);
  const warning = overlapWarning(parts.map((p) => instrumentId(p.instrument)), spans);
  if (warning && !input.data.warnings.includes(warning)) input.data.warnings.push(warning);
  watch.read();
  const result = kernel.finish();
  watch.engine();
  return result;
}
