import { ValueError } from '../model/errors.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A small seeded pseudo-random generator (xoshiro128**: 128 bits of state, 32-bit outputs).
 * The engine never draws randomness of its own: whatever needs it is handed one of these,
 * so a run stays a pure function of its seed. Not for cryptography.
 *
 * Reproducibility: the integer core is exact everywhere. normal() and exponential() go through
 * Math.log/cos/sin, which V8 computes in software (an fdlibm port), so they agree across CPUs.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box-Muller makes normals in pairs; the second waits here. */
  private spare: number | undefined;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new ValueError('seed', `seed must be an integer, got ${String(seed)}`);
    }
    // Split the seed into two 32-bit words (exactly, negatives included), then spread them over
    // the four state words with a Weyl sequence through a 32-bit avalanche mix, so that nearby
    // seeds (1, 2, 3) start far apart.
    const wide = BigInt(seed);
    const lo = Number(BigInt.asUintN(32, wide));
    const hi = Number(BigInt.asUintN(32, wide >> 32n));
    let weyl = (lo ^ mix32((hi + 0x6a09e667) >>> 0)) >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      weyl = (weyl + 0x9e3779b9) >>> 0;
      words.push(mix32(weyl));
    }
    // The all-zero state is the one fixed point of xoshiro; the mix cannot produce it for four
    // consecutive Weyl values, but a guard costs nothing.
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  /**
   * A generator started from an explicit xoshiro128** state (four 32-bit words, not all zero).
   * For checking against the published reference outputs, and for resuming a saved stream.
   */
  static fromState(state: readonly [number, number, number, number]): SeededRandom {
    if (state.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_POW_32) || state.every((w) => w === 0)) {
      throw new ValueError('state', 'state must be four 32-bit unsigned integers, not all zero');
    }
    const rng = new SeededRandom(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state.map((w) => w | 0);
    return rng;
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  uint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 53 random bits (every double a multiple of 2^-53). */
  next(): number {
    const a = this.uint32() >>> 5; // 27 bits
    const b = this.uint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** A uniform integer in [0, n) for 1 <= n <= 2^32. Bias is below n / 2^53: negligible. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new ValueError('n', `int(n) needs an integer n in [1, 2^32], got ${String(n)}`);
    }
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (mean 0, standard deviation 1), by Box-Muller. */
  normal(): number {
    const spare = this.spare;
    if (spare !== undefined) {
      this.spare = undefined;
      return spare;
    }
    const u1 = 1 - this.next(); // (0, 1]: log stays finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** An exponential draw with the given rate (mean 1 / rate), for waiting times. */
  exponential(rate: number): number {
    if (!(rate > 0) || !Number.isFinite(rate)) {
      throw new ValueError('rate', `exponential(rate) needs a positive finite rate, got ${String(rate)}`);
    }
    return -Math.log(1 - this.next()) / rate;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A 32-bit avalanche finaliser: every input bit flips about half the output bits. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
