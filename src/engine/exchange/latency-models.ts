import { ValueError } from '../model/errors.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { LatencyModel } from './models.js';

/**
 * Latency models: the delay of an order on its way to the venue (entry) and of the venue's
 * answer on its way back (response). All draws come from the SeededRandom handed in, so the
 * delays are a function of the seed; every value is a whole number of ns, never negative.
 * The random models use one distribution for both legs, drawn independently.
 */

export type LatencyModelConfig =
  | { name: 'constant'; entryNs: number; responseNs: number }
  /** Whole ns uniform over [min, max], both ends included. */
  | { name: 'uniform'; min: number; max: number }
  /** Normal with mean and standard deviation in ns, rounded, negatives clamped to 0. */
  | { name: 'normal'; mean: number; sd: number }
  /** Lognormal: median ns and sigma of the underlying normal (log scale), rounded. */
  | { name: 'lognormal'; median: number; sigma: number };

export type LatencyModelName = LatencyModelConfig['name'];
export const LATENCY_MODEL_NAMES: readonly LatencyModelName[] = ['constant', 'uniform', 'normal', 'lognormal'];

function wholeNs(field: string, v: number): bigint {
  if (!Number.isSafeInteger(v) || v < 0) throw new ValueError(field, `${field} must be a whole number of ns >= 0, got ${String(v)}`);
  return BigInt(v);
}

function finiteAtLeast(field: string, v: number, min: number, strict = false): void {
  if (!Number.isFinite(v) || v < min || (strict && v === min)) {
    throw new ValueError(field, `${field} must be a finite number ${strict ? '>' : '>='} ${min}, got ${String(v)}`);
  }
}

/** A drawn double to whole ns: rounded to nearest, never negative, capped where doubles stay exact. */
function toNs(x: number): bigint {
  if (!(x > 0)) return 0n;
  return BigInt(Math.min(Math.round(x), Number.MAX_SAFE_INTEGER));
}

/** Fixed delays; draws nothing from the generator. */
export function constantLatency(entryNs: number, responseNs: number): LatencyModel {
  const entry = wholeNs('latency.entryNs', entryNs);
  const response = wholeNs('latency.responseNs', responseNs);
  return { name: 'constant', entryNs: () => entry, responseNs: () => response };
}

export function uniformLatency(min: number, max: number): LatencyModel {
  const lo = Number(wholeNs('latency.min', min));
  const hi = Number(wholeNs('latency.max', max));
  if (hi < lo) throw new ValueError('latency.max', `latency.max (${hi}) must be >= latency.min (${lo})`);
  const span = hi - lo + 1;
  // next() has 53 random bits; floor(u * span) is uniform to within span / 2^53 for any span.
  const draw = (rng: SeededRandom): bigint => BigInt(lo + Math.floor(rng.next() * span));
  return { name: 'uniform', entryNs: draw, responseNs: draw };
}

export function normalLatency(mean: number, sd: number): LatencyModel {
  finiteAtLeast('latency.mean', mean, 0);
  finiteAtLeast('latency.sd', sd, 0);
  const draw = (rng: SeededRandom): bigint => toNs(mean + sd * rng.normal());
  return { name: 'normal', entryNs: draw, responseNs: draw };
}

export function lognormalLatency(median: number, sigma: number): LatencyModel {
  finiteAtLeast('latency.median', median, 0, true);
  finiteAtLeast('latency.sigma', sigma, 0);
  // The median of exp(mu + sigma Z) is exp(mu), so mu = ln(median).
  const draw = (rng: SeededRandom): bigint => toNs(median * Math.exp(sigma * rng.normal()));
  return { name: 'lognormal', entryNs: draw, responseNs: draw };
}

export function makeLatencyModel(config: LatencyModelConfig): LatencyModel {
  switch (config.name) {
    case 'constant':
      return constantLatency(config.entryNs, config.responseNs);
    case 'uniform':
      return uniformLatency(config.min, config.max);
    case 'normal':
      return normalLatency(config.mean, config.sd);
    case 'lognormal':
      return lognormalLatency(config.median, config.sigma);
    default:
      throw new ValueError(
        'latency.name',
        `unknown latency model "${String((config as { name: unknown }).name)}"; expected one of ${LATENCY_MODEL_NAMES.join(', ')}`,
      );
  }
}
