import { describe, it, expect } from 'vitest';
import { SeededRandom } from './seeded-random.js';
import { ValueError } from '../model/errors.js';

const N = 100_000;

function draws(rng: SeededRandom, n: number, f: (r: SeededRandom) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(f(rng));
  return out;
}

function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Statistical bounds: the sample mean of n independent draws with standard deviation sd has
 * standard error sd / sqrt(n). Six standard errors leave a false-failure chance near 2e-9 for
 * a sound generator, while a biased one (an off-by-one in the bit assembly, say) misses by far more.
 */
const Z = 6;

describe('SeededRandom', () => {
  it('matches the reference xoshiro128** outputs for the state {1, 2, 3, 4}', () => {
    // Produced by the authors' reference C code (Blackman and Vigna, xoshiro128starstar.c).
    const rng = SeededRandom.fromState([1, 2, 3, 4]);
    expect(draws(rng, 8, (r) => r.uint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
    for (let i = 0; i < 992; i++) rng.uint32();
    expect(rng.uint32()).toBe(136054147);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const mixed = (r: SeededRandom) => r.next() + r.int(1000) + r.normal() + r.exponential(3);
    const a = draws(new SeededRandom(42), 1000, mixed);
    const b = draws(new SeededRandom(42), 1000, mixed);
    expect(a).toEqual(b);
    for (const other of [43, 0, -42, 2 ** 40 + 42, Number.MAX_SAFE_INTEGER]) {
      expect(draws(new SeededRandom(other), 1000, mixed)).not.toEqual(a);
    }
    // Neighbouring seeds must not start with overlapping or shifted streams.
    const s1 = draws(new SeededRandom(1), 64, (r) => r.uint32());
    const s2 = draws(new SeededRandom(2), 64, (r) => r.uint32());
    expect(s1.filter((x) => s2.includes(x))).toEqual([]);
  });

  it('draws uniforms in [0, 1) whose mean is 1/2 within the standard-error bound', () => {
    const xs = draws(new SeededRandom(7), N, (r) => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const se = Math.sqrt(1 / 12 / N); // sd of U(0,1) is sqrt(1/12)
    expect(Math.abs(meanOf(xs) - 0.5)).toBeLessThan(Z * se);
  });

  it('draws int(n) uniformly over 0..n-1 (chi-square against the uniform law)', () => {
    const k = 10;
    const counts = new Array<number>(k).fill(0);
    const rng = new SeededRandom(11);
    let outside = 0;
    for (let i = 0; i < N; i++) {
      const v = rng.int(k);
      if (Number.isInteger(v) && v >= 0 && v < k) counts[v]++;
      else outside++;
    }
    expect(outside).toBe(0);
    const expected = N / k;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 99.99th percentile of chi-square(9) is about 33.7.
    expect(chi2).toBeLessThan(33.7);
  });

  it('draws normals with mean 0 and variance 1 within their standard errors', () => {
    const xs = draws(new SeededRandom(13), N, (r) => r.normal());
    const m = meanOf(xs);
    const variance = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (N - 1);
    expect(Math.abs(m)).toBeLessThan(Z * Math.sqrt(1 / N));
    // The sample variance of a normal has standard error sqrt(2 / (n - 1)).
    expect(Math.abs(variance - 1)).toBeLessThan(Z * Math.sqrt(2 / (N - 1)));
  });

  it('draws exponentials with mean 1/rate within the standard error', () => {
    const rate = 250;
    const xs = draws(new SeededRandom(17), N, (r) => r.exponential(rate));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(xs.every(Number.isFinite)).toBe(true);
    // The sd of an exponential equals its mean, 1 / rate.
    expect(Math.abs(meanOf(xs) - 1 / rate)).toBeLessThan((Z * (1 / rate)) / Math.sqrt(N));
  });

  it('rejects seeds and arguments it cannot honour, naming them', () => {
    expect(() => new SeededRandom(1.5)).toThrow(ValueError);
    expect(() => new SeededRandom(Number.NaN)).toThrow(/seed/);
    const rng = new SeededRandom(1);
    expect(() => rng.int(0)).toThrow(ValueError);
    expect(() => rng.int(2.5)).toThrow(ValueError);
    expect(() => rng.exponential(0)).toThrow(/rate/);
    expect(() => SeededRandom.fromState([0, 0, 0, 0])).toThrow(/state/);
  });
});
