import { describe, it, expect } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import fc from 'fast-check';
import { ValueError } from '../model/errors.js';
import type { OrderSide } from '../model/orders.js';
import { IMPACT_MODEL_NAMES, linearImpactModel, makeImpactModel, noImpactModel, sqrtImpactModel } from './impact-models.js';

const S = 1_000_000_000n; // one second, the default half-life

describe('no impact', () => {
  it('always shows the full book and never moves price', () => {
    noImpactModel.consume('buy', 100, 7, 0n);
    expect(noImpactModel.available('buy', 100, 10, 0n)).toBe(10);
    expect(noImpactModel.priceImpactTicks(1000, 1, 50)).toBe(0);
  });
});

describe('consumed-liquidity memory (linear and sqrt share it)', () => {
  for (const make of [() => linearImpactModel(), () => sqrtImpactModel()]) {
    it(`${make().name}: subtracts what was taken and refills with the half-life`, () => {
      const m = make();
      m.consume('buy', 100, 3, 0n);
      expect(m.available('buy', 100, 10, 0n)).toBe(7); // 10 - 3
      expect(m.available('buy', 100, 10, S)).toBe(8); // consumed 3 / 2 = 1.5: floor(10 - 1.5) = 8
      expect(m.available('buy', 100, 10, 2n * S)).toBe(9); // 3 / 4 = 0.75: floor(9.25) = 9
      expect(m.available('buy', 100, 10, S / 2n)).toBe(7); // 3 / sqrt 2 ≈ 2.12: floor(7.88) = 7
      // Other levels and the other side are untouched.
      expect(m.available('buy', 101, 10, 0n)).toBe(10);
      expect(m.available('sell', 100, 10, 0n)).toBe(10);
    });
  }

  it('folds a second take into the decayed first one', () => {
    const m = linearImpactModel();
    m.consume('sell', 50, 3, 0n);
    m.consume('sell', 50, 4, S); // 3 / 2 + 4 = 5.5 consumed at 1 s
    expect(m.available('sell', 50, 10, S)).toBe(4); // floor(10 - 5.5) = 4
    expect(m.available('sell', 50, 10, 2n * S)).toBe(7); // 5.5 / 2 = 2.75: floor(7.25) = 7
  });

  it('never goes below 0 when the book shrank under what was taken', () => {
    const m = sqrtImpactModel();
    m.consume('buy', 100, 8, 0n);
    expect(m.available('buy', 100, 5, 0n)).toBe(0); // max(0, 5 - 8)
  });

  it('uses the configured half-life', () => {
    const m = makeImpactModel({ name: 'linear', halfLifeNs: 5e8 });
    m.consume('buy', 100, 8, 0n);
    expect(m.available('buy', 100, 10, S)).toBe(8); // two half-lives: 8 / 4 = 2 consumed, 10 - 2 = 8
  });

  it('comes back to the full book after many half-lives', () => {
    const m = linearImpactModel();
    m.consume('buy', 100, 1e6, 0n);
    expect(m.available('buy', 100, 10, 100n * S)).toBe(10); // 1e6 * 2^-100 ≈ 8e-25: forgotten
  });
});

describe('price impact', () => {
  it('linear: k * qty / max(1, recentVolume) * volatilityTicks, to the nearest tick', () => {
    const m = linearImpactModel();
    expect(m.priceImpactTicks(50, 200, 4)).toBe(1); // 50 / 200 * 4 = 1
    expect(m.priceImpactTicks(30, 200, 4)).toBe(1); // 0.6 -> 1
    expect(m.priceImpactTicks(20, 200, 4)).toBe(0); // 0.4 -> 0
    expect(m.priceImpactTicks(2, 0, 3)).toBe(6); // recentVolume 0 counts as 1: 2 / 1 * 3
    expect(linearImpactModel(2.5).priceImpactTicks(10, 100, 2)).toBe(1); // 2.5 * 10 / 100 * 2 = 0.5 -> 1
    expect(makeImpactModel({ name: 'linear', k: 3 }).priceImpactTicks(10, 10, 2)).toBe(6); // 3 * 1 * 2
  });

  it('sqrt: Y * volatilityTicks * sqrt(qty / max(1, recentVolume)), to the nearest tick', () => {
    const m = sqrtImpactModel();
    expect(m.priceImpactTicks(25, 100, 6)).toBe(3); // 6 * sqrt(0.25) = 3
    expect(m.priceImpactTicks(1, 100, 4)).toBe(0); // 4 * 0.1 = 0.4 -> 0
    expect(m.priceImpactTicks(0, 100, 4)).toBe(0);
    expect(makeImpactModel({ name: 'sqrt', y: 0.5 }).priceImpactTicks(400, 100, 3)).toBe(3); // 0.5 * 3 * 2
  });

  it('rejects inputs and parameters that are negative or not finite', () => {
    expect(() => linearImpactModel().priceImpactTicks(-1, 1, 1)).toThrow(ValueError);
    expect(() => sqrtImpactModel().priceImpactTicks(1, Number.NaN, 1)).toThrow(ValueError);
    expect(() => linearImpactModel(-1)).toThrow(ValueError);
    expect(() => sqrtImpactModel(1, 0)).toThrow(ValueError);
    expect(() => linearImpactModel().consume('buy', 1, -2, 0n)).toThrow(ValueError);
  });
});

describe('makeImpactModel', () => {
  it('builds each name, a fresh memory for each call', () => {
    expect(IMPACT_MODEL_NAMES.map((name) => makeImpactModel({ name }).name)).toEqual(['none', 'linear', 'sqrt']);
    const a = makeImpactModel({ name: 'sqrt' });
    const b = makeImpactModel({ name: 'sqrt' });
    a.consume('buy', 1, 5, 0n);
    expect(b.available('buy', 1, 5, 0n)).toBe(5);
    expect(() => makeImpactModel({ name: 'huge' as 'none' })).toThrow(ValueError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

const step = fc.record({
  side: fc.constantFrom<OrderSide>('buy', 'sell'),
  price: fc.integer({ min: 0, max: 5 }),
  bookSize: fc.integer({ min: 0, max: 1000 }),
  dt: fc.bigInt({ min: 0n, max: 3n * S }),
  fraction: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('impact properties', () => {
  it('available <= bookSize, whole lots, and a second take at once sees less than the first', () => {
    fc.assert(
      fc.property(fc.constantFrom('linear', 'sqrt' as const), fc.integer({ min: 1e6, max: 5e9 }), fc.array(step, { maxLength: 40 }), (name, halfLifeNs, steps) => {
        const m = makeImpactModel({ name, halfLifeNs });
        let now = 0n;
        for (const s of steps) {
          now += s.dt;
          const first = m.available(s.side, s.price, s.bookSize, now);
          expect(Number.isInteger(first)).toBe(true);
          expect(first).toBeGreaterThanOrEqual(0);
          expect(first).toBeLessThanOrEqual(s.bookSize);
          const take = Math.floor(first * s.fraction);
          m.consume(s.side, s.price, take, now);
          const second = m.available(s.side, s.price, s.bookSize, now);
          expect(second).toBeLessThanOrEqual(first);
          if (take > 0) expect(second).toBeLessThan(first);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('after many half-lives every level is back to its book size', () => {
    fc.assert(
      fc.property(fc.constantFrom('linear', 'sqrt' as const), fc.array(step, { minLength: 1, maxLength: 40 }), (name, steps) => {
        const m = makeImpactModel({ name });
        let now = 0n;
        for (const s of steps) {
          now += s.dt;
          m.consume(s.side, s.price, Math.floor(s.bookSize * s.fraction), now);
        }
        const later = now + 100n * S;
        for (const s of steps) expect(m.available(s.side, s.price, s.bookSize, later)).toBe(s.bookSize);
      }),
    );
  });
});
