import { describe, expect, it } from 'vitest';
import { StampColumn } from './stamps.js';

/** Two stamp columns in one buffer, as a block lays them out, and their readers. */
function columns(exch: bigint[], local: bigint[]): { exch: StampColumn; local: StampColumn } {
  const n = exch.length;
  const buffer = new ArrayBuffer(16 * n);
  new BigInt64Array(buffer, 0, n).set(exch);
  new BigInt64Array(buffer, 8 * n, n).set(local);
  return { exch: new StampColumn(buffer, 0, n), local: new StampColumn(buffer, 8 * n, n) };
}

describe('StampColumn', () => {
  it('reads every row back exactly, whichever half of the 64 bits changes', () => {
    const t = 1_340_280_000_123_456_789n; // a LOBSTER-era nanosecond stamp
    const exch = [t, t, t + 1n, t + (1n << 32n), t + (1n << 32n), t + 1n, -5n, -5n, 0n, (1n << 63n) - 1n, -(1n << 63n), t];
    const local = [t, t + 7n, t + 1n, t + 1n, t + (1n << 32n), -5n, -5n, 0n, 0n, (1n << 63n) - 1n, 0n, t];
    const c = columns(exch, local);
    const got = exch.map((_, i) => [c.exch.at(i), c.local.sameRow(c.exch, i) ? c.exch.at(i) : c.local.at(i)]);
    expect(got).toEqual(exch.map((e, i) => [e, local[i]]));
  });

  it('says two columns hold the same stamp in a row only when all 64 bits agree', () => {
    const t = 1_722_470_400_000_000_000n;
    const c = columns([t, t, t + (1n << 32n)], [t, t + (1n << 32n), t]);
    expect([0, 1, 2].map((i) => c.local.sameRow(c.exch, i))).toEqual([true, false, false]);
  });

  it('reads rows out of order too (each row is its own value)', () => {
    const exch = [10n, 10n, 20n, 20n, 10n];
    const c = columns(exch, exch);
    expect([4, 0, 2, 1, 3].map((i) => c.exch.at(i))).toEqual([10n, 10n, 20n, 10n, 20n]);
  });
});
