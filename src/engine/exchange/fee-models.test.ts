import { describe, it, expect } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import fc from 'fast-check';
import { Decimal as BaseDecimal } from 'decimal.js';
import { ValueError } from '../model/errors.js';
import { FEE_MODEL_NAMES, bpsFeeModel, makeFeeModel, noFeeModel, percentFeeModel, perShareFeeModel, type FeeModelConfig } from './fee-models.js';
import type { FeeInput, FeeModel } from './models.js';

/** The checks' own exact arithmetic: enough digits that no sum below is rounded. */
const Decimal = BaseDecimal.clone({ precision: 100 });
type Decimal = InstanceType<typeof Decimal>;

function fill(notional: string, units: string, before: { notional?: string; units?: string } = {}, liquidity: 'maker' | 'taker' = 'taker'): FeeInput {
  return { notional, units, liquidity, orderNotionalBefore: before.notional ?? '0', orderUnitsBefore: before.units ?? '0' };
}

describe('no fees', () => {
  it('charges nothing', () => {
    expect(noFeeModel.fee(fill('12345.67', '100'))).toBe('0');
  });
});

describe('bps fees', () => {
  const m = bpsFeeModel(1, '2.5');

  it('charges maker or taker basis points of the fill notional, exactly', () => {
    expect(m.fee(fill('12345.67', '1'))).toBe('3.0864175'); // 12345.67 * 2.5 / 10000
    expect(m.fee(fill('12345.67', '1', {}, 'maker'))).toBe('1.234567'); // 12345.67 * 1 / 10000
    expect(m.fee(fill('-40', '1'))).toBe('0.01'); // a negative price still pays on |notional|: 40 * 2.5e-4
  });

  it('rounds half-up at 10 decimal places, printed without exponent', () => {
    // 0.0000123 * 5 / 10000 = 0.00000000615 -> 0.0000000062 (the 5 in the 11th place rounds up)
    expect(bpsFeeModel(0, 5).fee(fill('0.0000123', '1'))).toBe('0.0000000062');
    // 0.0000123 * 4 / 10000 = 0.00000000492 -> 0.0000000049
    expect(bpsFeeModel(0, 4).fee(fill('0.0000123', '1'))).toBe('0.0000000049');
    // 1e-7 * 1 / 10000 = 1e-11 -> 0 at 10 places
    expect(bpsFeeModel(0, 1).fee(fill('0.0000001', '1'))).toBe('0');
  });

  it('rejects negative basis points and notional that is not a number', () => {
    expect(() => bpsFeeModel(-1, 1)).toThrow(ValueError);
    expect(() => m.fee(fill('abc', '1'))).toThrow(ValueError);
  });
});

describe('per-share fees', () => {
  const m = perShareFeeModel(); // 0.005 per share, min 1.00, max 10.00 per order

  it('charges one order clamp(0.005 x shares, 1, 10)', () => {
    expect(m.fee(fill('0', '100'))).toBe('1'); // 0.5 -> min 1
    expect(m.fee(fill('0', '250'))).toBe('1.25'); // 0.005 * 250
    expect(m.fee(fill('0', '1000'))).toBe('5'); // 0.005 * 1000
    expect(m.fee(fill('0', '3500'))).toBe('10'); // 17.5 -> max 10
    expect(m.fee(fill('0', '0'))).toBe('0'); // nothing filled, nothing owed
  });

  it('charges the increment of the order total on each fill', () => {
    expect(m.fee(fill('0', '100'))).toBe('1'); // total(100) = 1 (min) - total(0) = 0
    expect(m.fee(fill('0', '300', { units: '100' }))).toBe('1'); // total(400) = 2 - total(100) = 1
    expect(m.fee(fill('0', '3000', { units: '400' }))).toBe('8'); // total(3400) = 10 (cap) - 2
    expect(m.fee(fill('0', '100', { units: '3400' }))).toBe('0'); // 10 - 10
    // 1 + 1 + 8 + 0 = 10 = the fee of one fill of 3500.
  });

  it('takes its parameters, as numbers or exact text', () => {
    const custom = makeFeeModel({ name: 'per-share', perShare: '0.0035', min: 0.35, max: '7' });
    expect(custom.fee(fill('0', '50'))).toBe('0.35'); // 0.175 -> min 0.35
    expect(custom.fee(fill('0', '1000'))).toBe('3.5'); // 0.0035 * 1000
    expect(custom.fee(fill('0', '0.5', { units: '1000' }))).toBe('0.00175'); // fractional shares: 3.50175 - 3.5
    expect(() => perShareFeeModel('0.005', 10, 1)).toThrow(ValueError); // max < min
    expect(() => m.fee(fill('0', '-3'))).toThrow(ValueError);
  });
});

describe('percent fees', () => {
  const m = percentFeeModel(); // 0.1 % of notional, min 0.50 per order

  it('charges max(0.1 % x notional, 0.5) per order, incrementally', () => {
    expect(m.fee(fill('100', '1'))).toBe('0.5'); // 0.1 -> min 0.5
    expect(m.fee(fill('900', '1', { notional: '100' }))).toBe('0.5'); // total(1000) = 1 - 0.5
    expect(m.fee(fill('1234.5678', '1', { notional: '1000' }))).toBe('1.2345678'); // total(2234.5678) = 2.2345678 - 1
    // 0.5 + 0.5 + 1.2345678 = 2.2345678 = one fill of 2234.5678.
    expect(m.fee(fill('2234.5678', '1'))).toBe('2.2345678');
  });

  it('rounds each order total half-up at 10 places', () => {
    // 1.23456789 * 0.1 / 100 = 0.00123456789 -> 0.0012345679
    expect(percentFeeModel('0.1', 0).fee(fill('1.23456789', '1'))).toBe('0.0012345679');
    expect(makeFeeModel({ name: 'percent', rate: 0.075, min: '0' }).fee(fill('20000', '1'))).toBe('15'); // 20000 * 0.00075
  });
});

describe('makeFeeModel', () => {
  it('builds each named model', () => {
    const configs: FeeModelConfig[] = [{ name: 'none' }, { name: 'bps', makerBps: 0, takerBps: 1 }, { name: 'per-share' }, { name: 'percent' }];
    expect(configs.map((c) => makeFeeModel(c).name)).toEqual([...FEE_MODEL_NAMES]);
    expect(() => makeFeeModel({ name: 'flat' } as unknown as FeeModelConfig)).toThrow(ValueError);
    expect(() => makeFeeModel({ name: 'percent', rate: 'x' })).toThrow(ValueError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: whatever the split of an order into fills, the fees add up to the fee of one
// fill of the whole order and stay within the per-order bounds.
// ---------------------------------------------------------------------------------------------

/** Charges an order filled in pieces; returns the per-fill fees. */
function chargeOrder(m: FeeModel, pieces: { notional: Decimal; units: Decimal }[]): Decimal[] {
  let notional = new Decimal(0);
  let units = new Decimal(0);
  const fees: Decimal[] = [];
  for (const p of pieces) {
    fees.push(new Decimal(m.fee(fill(p.notional.toFixed(), p.units.toFixed(), { notional: notional.toFixed(), units: units.toFixed() }))));
    notional = notional.plus(p.notional);
    units = units.plus(p.units);
  }
  return fees;
}

const sum = (xs: Decimal[]): Decimal => xs.reduce((a, b) => a.plus(b), new Decimal(0));

/** Fills of an order: whole shares, price in cents. */
const pieces = fc.array(
  fc.record({ shares: fc.integer({ min: 0, max: 5000 }), cents: fc.integer({ min: 1, max: 5_000_000 }) }).map(({ shares, cents }) => ({
    units: new Decimal(shares),
    notional: new Decimal(cents).div(100).times(shares),
  })),
  { minLength: 1, maxLength: 12 },
);

describe('fee properties', () => {
  it('per-share: fees >= 0, order total within [min, max], and equal to one fill of the total', () => {
    fc.assert(
      fc.property(pieces, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 5000 }), (ps, rateMils, minCents, spanCents) => {
        const min = new Decimal(minCents).div(100);
        const max = min.plus(new Decimal(spanCents).div(100));
        const m = perShareFeeModel(new Decimal(rateMils).div(10000).toFixed(), min.toFixed(), max.toFixed());
        const fees = chargeOrder(m, ps);
        for (const f of fees) expect(f.isNegative() && !f.isZero()).toBe(false);
        const total = sum(fees);
        const units = sum(ps.map((p) => p.units));
        const whole = new Decimal(m.fee(fill(sum(ps.map((p) => p.notional)).toFixed(), units.toFixed())));
        expect(total.equals(whole)).toBe(true);
        if (units.isZero()) expect(total.isZero()).toBe(true);
        else expect(total.greaterThanOrEqualTo(min) && total.lessThanOrEqualTo(max)).toBe(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('percent: fees >= 0, order total >= min, and equal to one fill of the total', () => {
    fc.assert(
      fc.property(pieces, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 500 }), (ps, rateBp, minCents) => {
        const min = new Decimal(minCents).div(100);
        const m = percentFeeModel(new Decimal(rateBp).div(1000).toFixed(), min.toFixed());
        const fees = chargeOrder(m, ps);
        for (const f of fees) expect(f.isNegative() && !f.isZero()).toBe(false);
        const total = sum(fees);
        const notional = sum(ps.map((p) => p.notional));
        const whole = new Decimal(m.fee(fill(notional.toFixed(), '1')));
        expect(total.equals(whole)).toBe(true);
        if (!notional.isZero()) expect(total.greaterThanOrEqualTo(min)).toBe(true);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('bps: fees >= 0, plain decimal text, never more than half a unit of the 10th place off the exact value', () => {
    fc.assert(
      fc.property(pieces, fc.integer({ min: 0, max: 10_000 }), fc.constantFrom<'maker' | 'taker'>('maker', 'taker'), (ps, centiBps, liquidity) => {
        const bps = new Decimal(centiBps).div(100);
        const m = bpsFeeModel(bps.toFixed(), bps.toFixed());
        for (const p of ps) {
          const text = m.fee(fill(p.notional.toFixed(), p.units.toFixed(), {}, liquidity));
          expect(text).toMatch(/^\d+(\.\d*[1-9])?$/);
          const exact = p.notional.times(bps).div(10000);
          expect(new Decimal(text).minus(exact).abs().lessThanOrEqualTo('0.00000000005')).toBe(true);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
