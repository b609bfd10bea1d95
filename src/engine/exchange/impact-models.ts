import { ValueError } from '../model/errors.js';
import type { OrderSide } from '../model/orders.js';
import type { ImpactModel } from './models.js';

/**
 * Impact models: the price shift an aggressive order causes, and the memory of liquidity the
 * account took. The recorded book never sees our orders, so without that memory a strategy
 * could take the same resting size again and again; instead what we took is subtracted from
 * the level and refills exponentially with a half-life.
 */

export type ImpactModelName = ImpactModel['name'];
export const IMPACT_MODEL_NAMES: readonly ImpactModelName[] = ['none', 'linear', 'sqrt'];

export const DEFAULT_HALF_LIFE_NS = 1e9;
export const DEFAULT_IMPACT_K = 1;
export const DEFAULT_IMPACT_Y = 1;

export interface ImpactModelConfig {
  name: ImpactModelName;
  /** Refill half-life of consumed liquidity, ns. */
  halfLifeNs?: number;
  /** Coefficient of 'linear'. */
  k?: number;
  /** Coefficient of 'sqrt'. */
  y?: number;
}

/**
 * Consumed size below this many lots is float residue of the decay: it is forgotten, so a level
 * comes back to its full size instead of staying a lot short after the floor below.
 */
const FORGET_LOTS = 1e-9;

/** Consumed lots c0 recorded at time t0 (ns). */
interface Consumed {
  c0: number;
  t0: bigint;
}

/** The no-impact model: the book is always there in full and our orders leave no trace. */
export const noImpactModel: ImpactModel = {
  name: 'none',
  available: (_side, _price, bookSize) => bookSize,
  consume: () => undefined,
  priceImpactTicks: () => 0,
};

function checkImpactInputs(qty: number, recentVolume: number, volatilityTicks: number): void {
  for (const [field, v] of [['qty', qty], ['recentVolume', recentVolume], ['volatilityTicks', volatilityTicks]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new ValueError(field, `${field} must be a finite number >= 0, got ${String(v)}`);
  }
}

/**
 * The consumed-liquidity memory shared by 'linear' and 'sqrt'. consumed(t) = c0 * 2^(-(t - t0) / h),
 * with the ns difference converted to a double: IEEE arithmetic and V8's Math.pow give the same
 * answer on every machine, so runs reproduce.
 */
class DecayingImpact implements ImpactModel {
  private readonly memory: Record<OrderSide, Map<number, Consumed>> = { buy: new Map(), sell: new Map() };
  /** Size of a side's map at which decayed entries are swept out, so memory stays bounded. */
  private sweepAt = 1024;

  constructor(
    readonly name: 'linear' | 'sqrt',
    private readonly halfLifeNs: number,
    private readonly shift: (qty: number, recentVolume: number, volatilityTicks: number) => number,
  ) {}

  private consumedAt(entry: Consumed, now: bigint): number {
    // A clock that steps back (it must not) decays nothing rather than growing the memory.
    const dt = now > entry.t0 ? Number(now - entry.t0) : 0;
    return entry.c0 * Math.pow(2, -dt / this.halfLifeNs);
  }

  available(side: OrderSide, price: number, bookSize: number, now: bigint): number {
    const entry = this.memory[side].get(price);
    if (entry === undefined) return bookSize;
    const consumed = this.consumedAt(entry, now);
    if (consumed < FORGET_LOTS) {
      this.memory[side].delete(price);
      return bookSize;
    }
    // Whole lots only, rounded down: a fraction of a lot still consumed makes that lot unavailable.
    return Math.max(0, Math.floor(bookSize - consumed));
  }

  consume(side: OrderSide, price: number, qty: number, now: bigint): void {
    if (!Number.isFinite(qty) || qty < 0) throw new ValueError('qty', `qty must be a finite number >= 0, got ${String(qty)}`);
    if (qty === 0) return;
    const map = this.memory[side];
    const entry = map.get(price);
    if (entry === undefined) {
      map.set(price, { c0: qty, t0: now });
      if (map.size >= this.sweepAt) this.sweep(map, now);
      return;
    }
    // Fold the decayed remainder and the new take into one entry starting now.
    entry.c0 = this.consumedAt(entry, now) + qty;
    if (now > entry.t0) entry.t0 = now;
  }

  private sweep(map: Map<number, Consumed>, now: bigint): void {
    for (const [price, entry] of map) {
      if (this.consumedAt(entry, now) < FORGET_LOTS) map.delete(price);
    }
    this.sweepAt = Math.max(1024, 2 * map.size);
  }

  priceImpactTicks(qty: number, recentVolume: number, volatilityTicks: number): number {
    checkImpactInputs(qty, recentVolume, volatilityTicks);
    return Math.max(0, Math.round(this.shift(qty, Math.max(1, recentVolume), volatilityTicks)));
  }
}

function checkCoefficient(field: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new ValueError(field, `${field} must be a finite number >= 0, got ${String(v)}`);
}

function checkHalfLife(halfLifeNs: number): void {
  if (!Number.isFinite(halfLifeNs) || halfLifeNs <= 0) {
    throw new ValueError('impact.halfLifeNs', `impact.halfLifeNs must be a positive number of ns, got ${String(halfLifeNs)}`);
  }
}

/** Linear impact: k * qty / max(1, recentVolume) * volatilityTicks, to the nearest tick. */
export function linearImpactModel(k = DEFAULT_IMPACT_K, halfLifeNs = DEFAULT_HALF_LIFE_NS): ImpactModel {
  checkCoefficient('impact.k', k);
  checkHalfLife(halfLifeNs);
  return new DecayingImpact('linear', halfLifeNs, (qty, volume, vol) => ((k * qty) / volume) * vol);
}

/** Square-root impact: Y * volatilityTicks * sqrt(qty / max(1, recentVolume)), to the nearest tick. */
export function sqrtImpactModel(y = DEFAULT_IMPACT_Y, halfLifeNs = DEFAULT_HALF_LIFE_NS): ImpactModel {
  checkCoefficient('impact.y', y);
  checkHalfLife(halfLifeNs);
  return new DecayingImpact('sqrt', halfLifeNs, (qty, volume, vol) => y * vol * Math.sqrt(qty / volume));
}

/** A fresh model per call: 'linear' and 'sqrt' hold the account's consumed-liquidity memory. */
export function makeImpactModel(config: ImpactModelConfig): ImpactModel {
  switch (config.name) {
    case 'none':
      return noImpactModel;
    case 'linear':
      return linearImpactModel(config.k ?? DEFAULT_IMPACT_K, config.halfLifeNs ?? DEFAULT_HALF_LIFE_NS);
    case 'sqrt':
      return sqrtImpactModel(config.y ?? DEFAULT_IMPACT_Y, config.halfLifeNs ?? DEFAULT_HALF_LIFE_NS);
    default:
      throw new ValueError('impact.name', `unknown impact model "${String(config.name)}"; expected one of ${IMPACT_MODEL_NAMES.join(', ')}`);
  }
}
