import type { MarketData } from '../market-data.js';
import type { MarketEvent } from '../../engine/model/events.js';
import { makeInstrument, priceToTicks, type Instrument } from '../../engine/model/instrument.js';
import { ValueError } from '../../engine/model/errors.js';
import { SeededRandom } from '../../engine/random/seeded-random.js';
import { SynthFlow, type FlowParams } from './flow.js';
import { OrderLevelStream } from './order-level.js';
import { resolveSynthOptions, type ResolvedSynthOptions, type SynthOptions } from './options.js';

/** Event batches that can be walked synchronously (writers, tests) or asynchronously (the kernel). */
export type SynthEvents = Iterable<MarketEvent[]> & AsyncIterable<MarketEvent[]>;

/** A generated market. It is a MarketData (format 'synth'), and its events can also be read synchronously. */
export interface SynthMarket extends MarketData {
  readonly format: 'synth';
  /** The options with every default filled in: what to record beside a generated file. */
  readonly options: Readonly<ResolvedSynthOptions>;
  /** Each call starts a fresh, identical pass: the stream is a pure function of the options. */
  events(): SynthEvents;
}

/**
 * A seeded synthetic market for fixtures and demos (L2, or order-level with `orders`): record 1 is a snapshot (Clear, then
 * `levels` Level events a side), and every later record is one market action: a limit add or
 * cancel (one Level event) or a market order (a Trade and a Level event per level it takes).
 * Throws ValueError naming the option when an option is out of range.
 */
export function synthMarket(opts: SynthOptions): SynthMarket {
  const options = resolveSynthOptions(opts);
  const instrument = makeInstrument({
    symbol: options.symbol,
    venue: 'SYNTH',
    assetClass: 'equity',
    currency: 'USD',
    tickSize: options.tickSize,
    lotSize: options.lotSize,
  });
  const params = flowParams(options, instrument);
  const path = `synth:${instrument.symbol}?seed=${options.seed}&minutes=${options.minutes}${options.orders ? '&orders=1' : ''}`;
  return {
    path,
    format: 'synth',
    instrument,
    options,
    warnings: [],
    events: () => ({
      [Symbol.iterator]: () => generate(options.seed, params, options.batchSize, options.orders),
      [Symbol.asyncIterator]: async function* () {
        yield* generate(options.seed, params, options.batchSize, options.orders);
      },
    }),
  };
}

function flowParams(o: ResolvedSynthOptions, instrument: Instrument): FlowParams {
  const startTicks = priceToTicks(instrument, o.startPrice, 'startPrice');
  if (startTicks - o.levels < 0) {
    throw new ValueError('startPrice', `synth option startPrice ${o.startPrice} leaves no room for ${o.levels} bid levels above zero`);
  }
  return {
    startNs: o.startNs,
    startTicks,
    levels: o.levels,
    ratePerSecond: o.ratePerSecond,
    volatility: o.volatility,
    meanSize: o.meanSize,
    latencyNs: o.latencyNs,
    jitterNs: o.jitterNs,
    durationNs: Math.round(o.minutes * 60e9),
  };
}

function* generate(seed: number, params: FlowParams, batchSize: number, orders: boolean): Generator<MarketEvent[], void, undefined> {
  if (orders) {
    const l3 = new OrderLevelStream();
    for (const batch of generate(seed, params, batchSize, false)) yield l3.convert(batch);
    return;
  }
  const flow = new SynthFlow(new SeededRandom(seed), params);
  let batch: MarketEvent[] = [];
  flow.snapshot(batch);
  while (flow.step(batch)) {
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
