import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decimalToSteps, parseStep } from '../engine/model/decimal-units.js';
import { EpochField, bytesToSteps, stepsUntil, stoppedAt } from './byte-fields.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** decimalToSteps's answer, or NaN where it throws. */
function careful(text: string, step: string): number {
  try {
    return decimalToSteps(text, parseStep(step), 'f');
  } catch {
    return NaN;
  }
}

describe('bytesToSteps', () => {
  it('agrees with decimalToSteps wherever it answers, and answers for every plain value on the grid', () => {
    const cases = ['0', '-0', '1', '61837.63', '61837.63000000', '0.001', '-12.5', '12.', '.5', '1.2.3', '', '-', '1e5', '007.10', '0.0010', '123456789012.345'];
    for (const step of ['0.01', '0.001', '1', '5', '0.05', '0.1']) {
      for (const text of cases) {
        const got = bytesToSteps(bytes(text), 0, text.length, parseStep(step));
        if (!Number.isNaN(got)) expect(got, `${text} / ${step}`).toBe(careful(text, step));
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), (units, scale, pad) => {
        const step = scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
        const abs = Math.abs(units).toString().padStart(scale + 1, '0');
        const text = `${units < 0 ? '-' : ''}${scale === 0 ? abs : `${abs.slice(0, -scale)}.${abs.slice(-scale)}`}${scale > 0 ? '0'.repeat(pad) : ''}`;
        const got = bytesToSteps(bytes(`x${text},`), 1, text.length + 1, parseStep(step));
        expect(got).toBe(careful(text, step));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves to the careful parser what it rejects: off the grid, malformed, too long', () => {
    for (const [text, step] of [['1.005', '0.01'], ['0.03', '0.05'], ['12.', '1'], ['.5', '0.1'], ['1,5', '0.1'], ['12345678901234567', '1'], ['a', '1']]) {
      expect(bytesToSteps(bytes(text), 0, text.length, parseStep(step)), text).toBeNaN();
    }
  });
});

describe('stepsUntil', () => {
  it('is bytesToSteps up to the first stop byte (or the end), telling where that is', () => {
    // Any bytes: digits, points, signs, the stop byte and others, on several grids.
    const alphabet = fc.constantFrom(...'0123456789.-,x"'.split(''), '00', '5', '1234567');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 14 }).map((xs) => xs.join('')), fc.constantFrom('1', '0.1', '0.01', '0.001', '5', '0.05'), fc.integer({ min: 0, max: 2 }), (text, step, pad) => {
        const b = bytes(`${','.repeat(pad)}${text}`);
        const comma = b.indexOf(44, pad);
        const c = comma < 0 ? b.length : comma;
        const want = bytesToSteps(b, pad, c, parseStep(step));
        const got = stepsUntil(b, pad, b.length, parseStep(step), 44);
        if (Number.isNaN(want)) expect(got, text).toBeNaN();
        else {
          expect(got, text).toBe(want);
          expect(stoppedAt, text).toBe(c);
        }
        // NaN where a byte other than the stop byte ends the number, even if bytesToSteps of
        // the span before it would answer
        if (!Number.isNaN(got)) expect([b.length, 44]).toContain(stoppedAt < b.length ? b[stoppedAt] : b.length);
      }),
      { numRuns: 5000 },
    );
    expect(stepsUntil(bytes('15.07,15.12'), 0, 11, parseStep('0.01'), 44)).toBe(1507);
    expect(stoppedAt).toBe(5);
    expect(stepsUntil(bytes('8407500'), 0, 7, parseStep('1'), 44)).toBe(8407500);
    expect(stoppedAt).toBe(7);
    expect(stepsUntil(bytes('15.07x,1'), 0, 8, parseStep('0.01'), 44)).toBeNaN();
    expect(stepsUntil(bytes(',1'), 0, 2, parseStep('1'), 44)).toBeNaN();
  });
});

describe('EpochField', () => {
  it('reads the digits up to the first non-digit, with implied zeros, as BigInt would', () => {
    const ns = new EpochField();
    const us = new EpochField(3);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999_999_999n }), (v) => {
        const text = `${v},x`;
        expect(ns.parse(bytes(text), 0, text.length)).toBe(v);
        expect(ns.next).toBe(text.indexOf(','));
        expect(us.parse(bytes(text), 0, text.length)).toBe(v * 1000n);
      }),
      { numRuns: 3000 },
    );
    // A repeat gives the same value; the same value written differently is read again.
    expect(ns.parse(bytes('1723161256322000000'), 0, 19)).toBe(1723161256322000000n);
    expect(ns.parse(bytes('1723161256322000000'), 0, 19)).toBe(1723161256322000000n);
    expect(ns.parse(bytes('01723161256322000000'), 0, 20)).toBeUndefined();
    expect(ns.parse(bytes('0017'), 0, 4)).toBe(17n);
    expect(ns.digits).toBe(4);
  });

  it('reads a column of stamps alike whether their digit counts repeat or change', () => {
    // parse() walks the digits once when a stamp has as many as the one before: runs of equal
    // length, lengths changing between rows, and rows past maxDigits all read as a fresh field does.
    const stamp = fc.oneof(fc.bigInt({ min: 1_000_000_000_000_000n, max: 9_999_999_999_999_999n }), fc.bigInt({ min: 0n, max: 99_999n }), fc.bigInt({ min: 0n, max: 10n ** 20n }));
    fc.assert(
      fc.property(fc.array(fc.tuple(stamp, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 40 }), fc.constantFrom(0, 3), (rows, zeros) => {
        const column = new EpochField(zeros, 16);
        for (const [v, pad] of rows) {
          const text = `${'0'.repeat(pad)}${v},7`;
          const fresh = new EpochField(zeros, 16);
          const want = fresh.parse(bytes(text), 0, text.length);
          expect(column.parse(bytes(text), 0, text.length), text).toBe(want);
          expect([column.next, column.digits]).toEqual([fresh.next, fresh.digits]);
          if (want !== undefined) expect(want).toBe(BigInt(text.slice(0, text.indexOf(','))) * 10n ** BigInt(zeros));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses no digits and too many', () => {
    const us = new EpochField(3, 16);
    expect(us.parse(bytes(',1'), 0, 2)).toBeUndefined();
    expect(us.parse(bytes('12345678901234567'), 0, 17)).toBeUndefined();
    expect(us.parse(bytes('1234567890123456'), 0, 16)).toBe(1234567890123456000n);
  });
});
