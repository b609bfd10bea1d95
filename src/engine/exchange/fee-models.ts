import { Decimal } from 'decimal.js';
import { ValueError } from '../model/errors.js';
import type { FeeInput, FeeModel } from './models.js';

/**
 * Fee models. Money is exact: decimal.js with enough precision that sums and products of
 * notional-sized numbers are never rounded implicitly; where a model rounds, it says so.
 *
 * Per-order minimums and caps are charged incrementally: a fill pays total(order after the fill)
 * minus total(order before it). However an order is split into fills, its fees add up to the fee
 * of one fill of the whole order, and the minimum is paid once, on the first fill.
 */

/** A private Decimal: 200 significant digits keeps every operation here exact in practice. */
const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;

/** Decimal places kept by the models whose fee is a fraction of notional. */
export const FEE_DECIMAL_PLACES = 10;

/** A parameter as a number (0.005) or exact decimal text ("0.005"). */
export type DecimalLike = number | string;

export const DEFAULT_PER_SHARE = '0.005';
export const DEFAULT_PER_SHARE_MIN = '1';
export const DEFAULT_PER_SHARE_MAX = '10';
/** In percent of notional: 0.1 means 0.10 %. */
export const DEFAULT_PERCENT_RATE = '0.1';
export const DEFAULT_PERCENT_MIN = '0.5';

export type FeeModelConfig =
  | { name: 'none' }
  /** Basis points of notional, by liquidity. */
  | { name: 'bps'; makerBps: DecimalLike; takerBps: DecimalLike }
  /** Per share, with a per-order minimum and cap (currency units). */
  | { name: 'per-share'; perShare?: DecimalLike; min?: DecimalLike; max?: DecimalLike }
  /** `rate` percent of notional (0.1 = 0.10 %), with a per-order minimum (currency units). */
  | { name: 'percent'; rate?: DecimalLike; min?: DecimalLike };

export type FeeModelName = FeeModelConfig['name'];
export const FEE_MODEL_NAMES: readonly FeeModelName[] = ['none', 'bps', 'per-share', 'percent'];

function dec(field: string, v: DecimalLike): Dec {
  let d: Dec;
  try {
    d = new D(v);
  } catch {
    throw new ValueError(field, `${field} must be a decimal number, got "${String(v)}"`);
  }
  if (!d.isFinite()) throw new ValueError(field, `${field} must be a finite decimal number, got "${String(v)}"`);
  return d;
}

/** A parameter that must be >= 0. */
function param(field: string, v: DecimalLike): Dec {
  const d = dec(field, v);
  if (d.isNegative() && !d.isZero()) throw new ValueError(field, `${field} must be >= 0, got "${String(v)}"`);
  return d;
}

/** Decimal text without exponent notation or trailing zeros; never "-0". */
function text(d: Dec): string {
  return d.isZero() ? '0' : d.toFixed();
}

/** Fee text rounded half-up to FEE_DECIMAL_PLACES. */
function rounded(d: Dec): Dec {
  return d.toDecimalPlaces(FEE_DECIMAL_PLACES, Decimal.ROUND_HALF_UP);
}

function units(field: string, v: string): Dec {
  const d = dec(field, v);
  if (d.isNegative() && !d.isZero()) throw new ValueError(field, `${field} must be >= 0, got "${v}"`);
  return d;
}

/** Notional counts by size: a negative price (it happens in some futures) still costs a fee. */
function notional(field: string, v: string): Dec {
  return dec(field, v).abs();
}

export const noFeeModel: FeeModel = { name: 'none', fee: () => '0' };

/** Maker/taker basis points of this fill's notional, rounded half-up to 10 decimal places. */
export function bpsFeeModel(makerBps: DecimalLike, takerBps: DecimalLike): FeeModel {
  const maker = param('fees.makerBps', makerBps).div(10000);
  const taker = param('fees.takerBps', takerBps).div(10000);
  return {
    name: 'bps',
    fee(input: FeeInput): string {
      const rate = input.liquidity === 'maker' ? maker : taker;
      return text(rounded(notional('notional', input.notional).times(rate)));
    },
  };
}

/** An order's total over `n` (shares or notional) and the increment a fill of `delta` adds. */
function incremental(total: (n: Dec) => Dec, before: Dec, delta: Dec): Dec {
  const fee = total(before.plus(delta)).minus(total(before));
  // Totals never fall as the order grows, so this is >= 0; the guard is for safety, not rounding.
  return fee.isNegative() ? new D(0) : fee;
}

/** US-equity style: perShare per share, each order pays at least min and at most max in total. */
export function perShareFeeModel(
  perShare: DecimalLike = DEFAULT_PER_SHARE,
  min: DecimalLike = DEFAULT_PER_SHARE_MIN,
  max: DecimalLike = DEFAULT_PER_SHARE_MAX,
): FeeModel {
  const rate = param('fees.perShare', perShare);
  const lo = param('fees.min', min);
  const hi = param('fees.max', max);
  if (hi.lessThan(lo)) throw new ValueError('fees.max', `fees.max (${text(hi)}) must be >= fees.min (${text(lo)})`);
  const total = (n: Dec): Dec => (n.isZero() ? n : D.min(D.max(rate.times(n), lo), hi));
  return {
    name: 'per-share',
    fee(input: FeeInput): string {
      return text(incremental(total, units('orderUnitsBefore', input.orderUnitsBefore), units('units', input.units)));
    },
  };
}

/**
 * Crypto style: `rate` percent of notional with a per-order minimum. Each order total is rounded
 * half-up to 10 decimal places before the increments are taken, so the increments still add up
 * exactly to the total.
 */
export function percentFeeModel(rate: DecimalLike = DEFAULT_PERCENT_RATE, min: DecimalLike = DEFAULT_PERCENT_MIN): FeeModel {
  const fraction = param('fees.rate', rate).div(100);
  const lo = param('fees.min', min);
  const total = (n: Dec): Dec => (n.isZero() ? n : rounded(D.max(fraction.times(n), lo)));
  return {
    name: 'percent',
    fee(input: FeeInput): string {
      return text(incremental(total, notional('orderNotionalBefore', input.orderNotionalBefore), notional('notional', input.notional)));
    },
  };
}

export function makeFeeModel(config: FeeModelConfig): FeeModel {
  switch (config.name) {
    case 'none':
      return noFeeModel;
    case 'bps':
      return bpsFeeModel(config.makerBps, config.takerBps);
    case 'per-share':
      return perShareFeeModel(config.perShare, config.min, config.max);
    case 'percent':
      return percentFeeModel(config.rate, config.min);
    default:
      throw new ValueError(
        'fees.name',
        `unknown fee model "${String((config as { name: unknown }).name)}"; expected one of ${FEE_MODEL_NAMES.join(', ')}`,
      );
  }
}
