import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { digitsToBigInt } from './epoch-digits.js';

describe('digitsToBigInt', () => {
  it('equals BigInt of the same digits, with appended zeros, for every length up to 19', () => {
    for (const text of ['0', '7', '999999999', '1000000000', '4294967296', '1723161256322000000', '9999999999999999999', '0001723161256322000']) {
      expect(digitsToBigInt(text, 0, text.length)).toBe(BigInt(text));
    }
    expect(digitsToBigInt('1585699200245000', 0, 16, 3)).toBe(1585699200245000000n);
    expect(digitsToBigInt('x1585699200245000,', 1, 17, 3)).toBe(1585699200245000000n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999_999_999_999n }), (v) => {
        const text = v.toString();
        expect(digitsToBigInt(text, 0, text.length)).toBe(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses non-digits, nothing, and more than 19 digits', () => {
    for (const text of ['', '-1', '1.5', '12a', '10000000000000000000']) expect(digitsToBigInt(text, 0, text.length), text).toBeUndefined();
    expect(digitsToBigInt('1234567890123456789', 0, 19, 1)).toBeUndefined();
  });
});
