import { ValueError } from '../../engine/model/errors.js';

/** What a synthetic market is made from. Only seed and minutes are required. */
export interface SynthOptions {
  /** Seed of the generator: the same options and seed give the same event stream. */
  seed: number;
  /** Simulated duration in minutes (may be fractional), at most a week. */
  minutes: number;
  /** Instrument symbol. Default 'SYN'. */
  symbol?: string;
  /** Exchange time of the opening snapshot, ns since the Unix epoch. Default 2024-01-02T14:30:00Z. */
  startNs?: bigint;
  /** Price of the best bid in the opening snapshot, decimal text on the tick grid. Default '100'. */
  startPrice?: string;
  /** Tick size, decimal text. Default '0.01'. */
  tickSize?: string;
  /** Lot size, decimal text. Default '1' (sizes are then in shares). */
  lotSize?: string;
  /** Levels a side in the opening snapshot; the flow keeps the book about this deep. Default 10. */
  levels?: number;
  /** Mean number of market actions (records) per simulated second. Default 300. */
  ratePerSecond?: number;
  /** Standard deviation, in ticks, of the fair price's move over one second. Default 1. */
  volatility?: number;
  /** Mean size of a limit order at the touch, in lots. Default 100. */
  meanSize?: number;
  /** Fixed part of the feed latency (tsLocal - tsExch), ns. Default 20000. */
  latencyNs?: number;
  /** Mean of the exponential extra feed latency on top of latencyNs, ns. Default 30000. */
  jitterNs?: number;
  /** Events per yielded batch (batches end on record boundaries, so may run over). Default 4096. */
  batchSize?: number;
  /** Order-level events (add, cancel, delete, execute with order ids) instead of level totals. Default false. */
  orders?: boolean;
}

export type ResolvedSynthOptions = Required<SynthOptions>;

/** 2024-01-02 09:30:00 New York time (14:30 UTC), a regular session open. */
const DEFAULT_START_NS = 1_704_205_800_000_000_000n;

export const SYNTH_DEFAULTS: Readonly<Omit<ResolvedSynthOptions, 'seed' | 'minutes'>> = Object.freeze({
  symbol: 'SYN',
  startNs: DEFAULT_START_NS,
  startPrice: '100',
  tickSize: '0.01',
  lotSize: '1',
  levels: 10,
  ratePerSecond: 300,
  volatility: 1,
  meanSize: 100,
  latencyNs: 20_000,
  jitterNs: 30_000,
  batchSize: 4096,
  orders: false,
});

const MAX_MINUTES = 7 * 24 * 60;

/** Fills in defaults and rejects options the generator cannot honour, naming the option. */
export function resolveSynthOptions(opts: SynthOptions): ResolvedSynthOptions {
  const o: ResolvedSynthOptions = { ...SYNTH_DEFAULTS, ...withoutUndefined(opts) } as ResolvedSynthOptions;
  if (!Number.isSafeInteger(o.seed)) fail('seed', `an integer, got ${String(o.seed)}`);
  if (!(o.minutes > 0 && o.minutes <= MAX_MINUTES)) fail('minutes', `a number in (0, ${MAX_MINUTES}], got ${String(o.minutes)}`);
  if (typeof o.startNs !== 'bigint' || o.startNs < 0n) fail('startNs', `a non-negative bigint of ns, got ${String(o.startNs)}`);
  integerIn('levels', o.levels, 1, 1000);
  integerIn('batchSize', o.batchSize, 1, 1 << 24);
  integerIn('latencyNs', o.latencyNs, 0, 60_000_000_000);
  integerIn('jitterNs', o.jitterNs, 0, 60_000_000_000);
  if (!(o.ratePerSecond > 0 && o.ratePerSecond <= 1_000_000)) fail('ratePerSecond', `a number in (0, 1000000], got ${String(o.ratePerSecond)}`);
  if (!(o.volatility >= 0 && Number.isFinite(o.volatility))) fail('volatility', `a finite number >= 0, got ${String(o.volatility)}`);
  if (!(o.meanSize >= 1 && Number.isFinite(o.meanSize))) fail('meanSize', `a finite number >= 1, got ${String(o.meanSize)}`);
  return o;
}

function withoutUndefined(opts: SynthOptions): Partial<SynthOptions> {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
}

function integerIn(field: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) fail(field, `an integer in [${lo}, ${hi}], got ${String(v)}`);
}

function fail(field: string, what: string): never {
  throw new ValueError(field, `synth option ${field} must be ${what}`);
}
