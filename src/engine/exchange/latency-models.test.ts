import { describe, it, expect } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import fc from 'fast-check';
import { ValueError } from '../model/errors.js';
import { SeededRandom } from '../random/seeded-random.js';
import {
  LATENCY_MODEL_NAMES,
  constantLatency,
  lognormalLatency,
  makeLatencyModel,
  normalLatency,
  uniformLatency,
  type LatencyModelConfig,
} from './latency-models.js';

/**
 * The generator started from xoshiro128** state {1, 2, 3, 4}: its first 32-bit outputs are the
 * published reference values 11520, 0, 5927040, 70819200, so next() is known by hand:
 *   1st next() = ((11520 >>> 5) * 2^26 + (0 >>> 6)) / 2^53 = 360 / 2^27 ≈ 2.6822e-6
 *   2nd next() = ((5927040 >>> 5) * 2^26 + (70819200 >>> 6)) / 2^53
 *              = (185220 * 2^26 + 1106550) / 2^53 ≈ 185220 / 2^27 ≈ 1.37999e-3
 */
const reference = (): SeededRandom => SeededRandom.fromState([1, 2, 3, 4]);

describe('constant latency', () => {
  it('returns the configured delays without drawing', () => {
    const m = constantLatency(5_000_000, 1_000);
    const rng = new SeededRandom(7);
    expect(m.entryNs(rng)).toBe(5_000_000n);
    expect(m.responseNs(rng)).toBe(1_000n);
    expect(rng.next()).toBe(new SeededRandom(7).next()); // the stream did not move
  });
});

describe('uniform latency', () => {
  it('maps each draw onto whole ns in [min, max]', () => {
    const m = uniformLatency(1000, 1999); // span 1000
    const rng = reference();
    expect(m.entryNs(rng)).toBe(1000n); // 1000 + floor(2.68e-6 * 1000) = 1000 + 0
    expect(m.responseNs(rng)).toBe(1001n); // 1000 + floor(1.38e-3 * 1000) = 1000 + 1
    expect(uniformLatency(42, 42).entryNs(reference())).toBe(42n);
  });

  it('covers both ends and has the right mean', () => {
    const m = uniformLatency(10, 13);
    const rng = new SeededRandom(3);
    const seen = new Set<bigint>();
    let sum = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const v = m.entryNs(rng);
      seen.add(v);
      sum += Number(v);
    }
    expect([...seen].sort()).toEqual([10n, 11n, 12n, 13n]);
    // mean 11.5, sd sqrt((4^2 - 1) / 12) ≈ 1.118; six standard errors: 6 * 1.118 / 200 ≈ 0.034.
    expect(Math.abs(sum / n - 11.5)).toBeLessThan(0.034);
  });

  it('rejects max < min and fractional ns', () => {
    expect(() => uniformLatency(5, 4)).toThrow(ValueError);
    expect(() => uniformLatency(0.5, 4)).toThrow(ValueError);
  });
});

describe('normal latency', () => {
  it('is mean + sd * z, rounded; sd 0 gives the mean exactly', () => {
    expect(normalLatency(1_000_000, 0).entryNs(reference())).toBe(1_000_000n);
    // Box-Muller on the reference stream: u1 = 1 - 360/2^27, u2 ≈ 1.37999e-3;
    // z = sqrt(-2 ln u1) cos(2 pi u2) ≈ sqrt(5.3644e-6) * 0.99996 ≈ 2.3161e-3,
    // so 1e6 + 1e5 * z ≈ 1e6 + 231.6 -> 1000232.
    expect(normalLatency(1_000_000, 100_000).entryNs(reference())).toBe(1_000_232n);
  });

  it('clamps negative draws to 0 and keeps the mean', () => {
    const m = normalLatency(0, 1_000);
    const rng = new SeededRandom(11);
    let zeros = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = m.responseNs(rng);
      expect(v >= 0n).toBe(true);
      if (v === 0n) zeros++;
    }
    // Half the mass is below 0: 5000 of 10000, sd 50; six sd either side.
    expect(Math.abs(zeros - 5000)).toBeLessThan(300);
  });
});

describe('lognormal latency', () => {
  it('is median * exp(sigma * z); sigma 0 gives the median', () => {
    expect(lognormalLatency(250_000, 0).entryNs(reference())).toBe(250_000n);
    // z ≈ 2.3161e-3 as above: 1e6 * exp(0.5 * 2.3161e-3) ≈ 1e6 * 1.0011587 -> 1001159.
    expect(lognormalLatency(1_000_000, 0.5).entryNs(reference())).toBe(1_001_159n);
  });

  it('has half its draws below the median', () => {
    const m = lognormalLatency(1_000_000, 0.8);
    const rng = new SeededRandom(5);
    let below = 0;
    for (let i = 0; i < 10_000; i++) if (m.entryNs(rng) < 1_000_000n) below++;
    expect(Math.abs(below - 5000)).toBeLessThan(300); // six sd of a binomial(10000, 0.5)
  });

  it('rejects a median of 0 and a negative sigma', () => {
    expect(() => lognormalLatency(0, 1)).toThrow(ValueError);
    expect(() => lognormalLatency(1, -1)).toThrow(ValueError);
  });
});

describe('makeLatencyModel', () => {
  it('builds each named model', () => {
    const configs: LatencyModelConfig[] = [
      { name: 'constant', entryNs: 1, responseNs: 2 },
      { name: 'uniform', min: 1, max: 2 },
      { name: 'normal', mean: 5, sd: 1 },
      { name: 'lognormal', median: 5, sigma: 1 },
    ];
    expect(configs.map((c) => makeLatencyModel(c).name)).toEqual([...LATENCY_MODEL_NAMES]);
    expect(() => makeLatencyModel({ name: 'gamma' } as unknown as LatencyModelConfig)).toThrow(ValueError);
    expect(() => makeLatencyModel({ name: 'constant', entryNs: -1, responseNs: 0 })).toThrow(ValueError);
  });
});

const config: fc.Arbitrary<LatencyModelConfig> = fc.oneof(
  fc.record({ name: fc.constant('constant' as const), entryNs: fc.nat(1e9), responseNs: fc.nat(1e9) }),
  fc.tuple(fc.nat(1e9), fc.nat(1e9)).map(([a, b]) => ({ name: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.record({ name: fc.constant('normal' as const), mean: fc.double({ min: 0, max: 1e9, noNaN: true }), sd: fc.double({ min: 0, max: 1e9, noNaN: true }) }),
  fc.record({ name: fc.constant('lognormal' as const), median: fc.double({ min: 1, max: 1e9, noNaN: true }), sigma: fc.double({ min: 0, max: 3, noNaN: true }) }),
);

describe('latency properties', () => {
  it('draws are whole ns >= 0 and the same for the same seed', () => {
    fc.assert(
      fc.property(config, fc.integer(), (c, seed) => {
        const m = makeLatencyModel(c);
        const a = new SeededRandom(seed);
        const b = new SeededRandom(seed);
        for (let i = 0; i < 20; i++) {
          const x = i % 2 === 0 ? m.entryNs(a) : m.responseNs(a);
          const y = i % 2 === 0 ? m.entryNs(b) : m.responseNs(b);
          expect(typeof x).toBe('bigint');
          expect(x >= 0n).toBe(true);
          expect(x).toBe(y);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
