import { describe, it, expect } from 'vitest';
import { UsageError } from '../errors.js';
import { checkBareTime, nsToIso, parseTimeArg } from './time-arg.js';

const T = 1_640_995_300_000_000_000n; // 2022-01-01T00:01:40Z in ns

describe('parseTimeArg', () => {
  it('reads units exactly, decimals down to the nanosecond', () => {
    expect(parseTimeArg('1640995300000000000', 'x')).toBe(T);
    expect(parseTimeArg('1640995300000000000ns', 'x')).toBe(T);
    expect(parseTimeArg('1640995300000000us', 'x')).toBe(T);
    expect(parseTimeArg('1640995300000000µs', 'x')).toBe(T);
    expect(parseTimeArg('1640995300000ms', 'x')).toBe(T);
    expect(parseTimeArg('1640995300s', 'x')).toBe(T);
    expect(parseTimeArg('1640995300.000000001s', 'x')).toBe(T + 1n);
    expect(parseTimeArg('1640995300000.5ms', 'x')).toBe(T + 500_000n);
    expect(parseTimeArg('2022-01-01T00:01:40Z', 'x')).toBe(T);
    expect(parseTimeArg('2021-12-31T19:01:40.000000007-05:00', 'x')).toBe(T + 7n);
  });

  it('refuses what it cannot read exactly, with the forms it takes', () => {
    for (const bad of ['1.5ns', '1640995300.0000000001s', '12h', '2022-01-01T00:01:40', 'soon']) {
      expect(() => parseTimeArg(bad, '--at'), bad).toThrow(UsageError);
    }
    try {
      parseTimeArg('soon', '--at');
    } catch (err) {
      expect((err as UsageError).hint).toContain('1640995300000000us');
    }
  });
});

describe('checkBareTime', () => {
  it('lets bare nanoseconds near the data pass, and numbers with a unit always', () => {
    expect(() => checkBareTime('1640995300000000000', T, '--at', T - 86_400_000_000_000n)).not.toThrow();
    expect(() => checkBareTime('1640995300000000us', T, '--at', T * 1000n)).not.toThrow();
  });

  it('names the unit that lands nearest the data', () => {
    const cases: [string, string][] = [
      ['1640995300000000', 'us'],
      ['1640995300000', 'ms'],
      ['1640995300', 's'],
    ];
    for (const [text, unit] of cases) {
      let err: UsageError | undefined;
      try {
        checkBareTime(text, BigInt(text), '--at', T);
      } catch (e) {
        err = e as UsageError;
      }
      expect(err, text).toBeInstanceOf(UsageError);
      expect(err!.hint).toContain(`write ${text}${unit}`);
      expect(err!.hint).toContain(nsToIso(T));
    }
  });

  it('a number far beyond the data in nanoseconds is refused too', () => {
    expect(() => checkBareTime('1640995300000000000000', 1_640_995_300_000_000_000_000n, '--at', T)).toThrow(/far from the data/);
  });
});
