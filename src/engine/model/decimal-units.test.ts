import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decimalToSteps, normaliseDecimal, parseStep, stepsToDecimal, type DecimalStep } from './decimal-units.js';
import { instrumentSpec, lotsToQty, makeInstrument, priceToTicks, qtyToLots, ticksToPrice, type InstrumentSpec } from './instrument.js';
import { ValueError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// An independent reference, in BigInt rational arithmetic: a decimal text is a / 10^f, a step is
// u / 10^s, and the text is on the grid when (a * 10^s) is a multiple of (u * 10^f).
// ---------------------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

type RefResult = { steps: bigint } | { error: 'syntax' | 'grid' | 'range' };

/** What decimalToSteps must do with `text`, for a step of `units` / 10^`scale` (normalised). */
function refToSteps(text: string, units: number, scale: number): RefResult {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (m === null) return { error: 'syntax' };
  const [, sign, int, frac = ''] = m;
  // Non-zero digits finer than the step's own precision can never be on its grid.
  if (/[1-9]/.test(frac.slice(scale))) return { error: 'grid' };
  // The value in units of 10^-scale must be held exactly by a double.
  const scaled = BigInt(int + frac.slice(0, scale).padEnd(scale, '0'));
  if (scaled > MAX_SAFE) return { error: 'range' };
  const a = BigInt(int + frac);
  const f = BigInt(frac.length);
  const num = a * 10n ** BigInt(scale);
  const den = BigInt(units) * 10n ** f;
  if (num % den !== 0n) return { error: 'grid' };
  const steps = num / den;
  return { steps: sign === '-' ? -steps : steps };
}

/** Normalised decimal text of value / 10^scale, from BigInt digits. */
function refFormat(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/** The outcome of decimalToSteps in the reference's terms; checks the error names the field. */
function actual(text: string, step: DecimalStep, field: string): RefResult {
  try {
    return { steps: BigInt(decimalToSteps(text, step, field)) };
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
    if (/not a decimal number/.test(err.message)) return { error: 'syntax' };
    if (/not a multiple of/.test(err.message)) return { error: 'grid' };
    if (/too large/.test(err.message)) return { error: 'range' };
    throw err;
  }
}

/** A step of units / 10^scale for scale 0..8 and units 1..50, as text and parsed. */
const stepArb = fc.record({ scale: fc.integer({ min: 0, max: 8 }), units: fc.integer({ min: 1, max: 50 }) }).map(({ scale, units }) => {
  const text = refFormat(BigInt(units), scale);
  return { text, scale, units, step: parseStep(text) };
});

/** A step together with a whole number of steps whose value still fits in a safe integer. */
const stepAndCountArb = stepArb.chain((s) => {
  const bound = Math.floor(Number.MAX_SAFE_INTEGER / s.step.units);
  return fc.tuple(fc.constant(s), fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -bound, max: bound })));
});

const FIELD = 'price';

describe('decimal-units properties', () => {
  it('parseStep keeps the value of the step and normalises its text', () => {
    fc.assert(
      fc.property(stepArb, ({ text, scale, units, step }) => {
        // Same value: units / 10^scale == step.units / 10^step.scale.
        expect(BigInt(units) * 10n ** BigInt(step.scale)).toBe(BigInt(step.units) * 10n ** BigInt(scale));
        expect(step.text).toBe(text);
        expect(step.text).toBe(normaliseDecimal(`${text}${text.includes('.') ? '' : '.'}000`));
        expect(parseStep(`00${text}`)).toEqual(step);
      }),
    );
  });

  it('stepsToDecimal then decimalToSteps is the identity, and both agree with the reference', () => {
    fc.assert(
      fc.property(stepAndCountArb, ([{ step }, k]) => {
        const text = stepsToDecimal(k, step);
        expect(text).toBe(refFormat(BigInt(k) * BigInt(step.units), step.scale));
        expect(decimalToSteps(text, step, FIELD)).toBe(k);
        expect(refToSteps(text, step.units, step.scale)).toEqual({ steps: BigInt(k) });
      }),
    );
  });

  it('extra trailing zeros and leading zeros parse to the same count', () => {
    fc.assert(
      fc.property(stepAndCountArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 4 }), ([{ step }, k], zeros, lead) => {
        const text = stepsToDecimal(k, step);
        const padded = `${text}${text.includes('.') ? '' : '.'}${'0'.repeat(zeros)}`;
        expect(decimalToSteps(padded, step, FIELD)).toBe(k);
        const negative = text.startsWith('-');
        const body = negative ? text.slice(1) : text;
        expect(decimalToSteps(`${negative ? '-' : ''}${'0'.repeat(lead)}${body}`, step, FIELD)).toBe(k);
      }),
    );
  });

  it('text off the grid throws a ValueError naming the field', () => {
    const field = 'bids[3].price';
    fc.assert(
      fc.property(
        stepAndCountArb,
        fc.integer({ min: 1, max: 49 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 3 }),
        ([{ step }, k], r, digit, gap) => {
          const bound = Math.floor(Number.MAX_SAFE_INTEGER / step.units) - 1;
          const base = Math.max(-bound, Math.min(bound, k));
          // A digit finer than the step's precision.
          const text = stepsToDecimal(base, step);
          const finer = `${text}${text.includes('.') ? '' : '.'}${'0'.repeat(step.scale - (text.split('.')[1]?.length ?? 0) + gap)}${digit}`;
          expect(actual(finer, step, field)).toEqual({ error: 'grid' });
          // Between two grid points at the step's own precision (possible when units > 1).
          if (step.units > 1) {
            const value = BigInt(base) * BigInt(step.units) + BigInt(r % step.units || 1);
            const between = refFormat(value, step.scale);
            expect(actual(between, step, field)).toEqual({ error: 'grid' });
          }
        },
      ),
    );
  });

  it('agrees with the reference on random decimal-looking text', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: max });
    const decimalish = fc
      .tuple(fc.constantFrom('', '-'), digits(18), fc.option(digits(12), { nil: undefined }))
      .map(([sign, int, frac]) => (frac === undefined ? `${sign}${int}` : `${sign}${int}.${frac}`));
    fc.assert(
      fc.property(stepArb, decimalish, ({ step }, text) => {
        expect(actual(text, step, FIELD)).toEqual(refToSteps(text, step.units, step.scale));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the reference on arbitrary short strings (the grammar)', () => {
    const junk = fc.string({ unit: fc.constantFrom(...'0123456789.-+e ,'), minLength: 0, maxLength: 10 });
    fc.assert(
      fc.property(stepArb, junk, ({ step }, text) => {
        expect(actual(text, step, FIELD)).toEqual(refToSteps(text, step.units, step.scale));
      }),
      { numRuns: 2000 },
    );
  });

  it('stepsToDecimal refuses counts it cannot print exactly', () => {
    fc.assert(
      fc.property(stepArb, fc.double({ noNaN: true }).filter((x) => !Number.isSafeInteger(x)), ({ step }, x) => {
        expect(() => stepsToDecimal(x, step)).toThrow(ValueError);
      }),
    );
    // Half a step of an even step lands on the decimal grid of its scale, so only an explicit
    // whole-number check catches it: 0.5 steps of 0.02 must not print as "0.01".
    fc.assert(
      fc.property(stepArb.filter((s) => s.step.units % 2 === 0), fc.integer({ min: -1e9, max: 1e9 }), ({ step }, k) => {
        expect(() => stepsToDecimal(k + 0.5, step)).toThrow(/whole number of steps/);
      }),
    );
  });
});

describe('decimal-units hand cases', () => {
  const cent = parseStep('0.01');
  const nickel = parseStep('0.05');
  const one = parseStep('1');

  it('converts exactly on the grid', () => {
    expect(decimalToSteps('585.33', cent, 'price')).toBe(58533);
    expect(decimalToSteps('585.3300', cent, 'price')).toBe(58533);
    expect(decimalToSteps('-585.33', cent, 'price')).toBe(-58533);
    expect(decimalToSteps('0.05', nickel, 'price')).toBe(1);
    expect(decimalToSteps('1.05', nickel, 'price')).toBe(21);
    expect(decimalToSteps('-0.05', nickel, 'price')).toBe(-1);
    expect(decimalToSteps('90071992547409.91', cent, 'price')).toBe(Number.MAX_SAFE_INTEGER);
    expect(stepsToDecimal(58533, cent)).toBe('585.33');
    expect(stepsToDecimal(-58533, cent)).toBe('-585.33');
    expect(stepsToDecimal(-1, nickel)).toBe('-0.05');
    expect(stepsToDecimal(20, nickel)).toBe('1');
    expect(stepsToDecimal(0, cent)).toBe('0');
    expect(() => stepsToDecimal(0.5, parseStep('0.02'))).toThrow(ValueError);
  });

  it('reads negative zero as plain zero', () => {
    expect(Object.is(decimalToSteps('-0', cent, 'price'), 0)).toBe(true);
    expect(Object.is(decimalToSteps('-0.00', nickel, 'price'), 0)).toBe(true);
  });

  it('rejects what is not a plain decimal, naming the field', () => {
    for (const text of ['1e5', '', '1.2.3', '-', '.', '1.', '.5', '-.5', '+1', ' 1', '1 ', '1,5', '0x10', 'NaN', 'Infinity']) {
      expect(actual(text, cent, 'qty'), text).toEqual({ error: 'syntax' });
    }
  });

  it('rejects text off the grid and values too large to hold exactly', () => {
    expect(() => decimalToSteps('585.335', cent, 'price')).toThrow(/price "585.335" is not a multiple of 0.01/);
    expect(() => decimalToSteps('1.07', nickel, 'price')).toThrow(/not a multiple of 0.05/);
    expect(actual('9007199254740992', one, 'qty')).toEqual({ error: 'range' });
    expect(actual('90071992547409.92', cent, 'qty')).toEqual({ error: 'range' });
  });

  it('parses steps strictly', () => {
    expect(parseStep('0.010')).toEqual({ text: '0.01', scale: 2, units: 1 });
    expect(parseStep('5')).toEqual({ text: '5', scale: 0, units: 5 });
    for (const text of ['0', '0.00', '-0.01', '1e-2', '', '.01', '1.', 'abc']) {
      expect(() => parseStep(text, 'tickSize'), text).toThrow(ValueError);
      try {
        parseStep(text, 'tickSize');
      } catch (err) {
        expect((err as ValueError).field).toBe('tickSize');
      }
    }
  });
});

describe('instrument', () => {
  const base: InstrumentSpec = { symbol: 'AAPL', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' };

  it('round-trips prices and sizes through ticks and lots for any steps', () => {
    fc.assert(
      fc.property(stepAndCountArb, stepAndCountArb, ([tick, k], [lot, n]) => {
        const inst = makeInstrument({ ...base, tickSize: tick.text, lotSize: lot.text });
        expect(priceToTicks(inst, ticksToPrice(inst, k))).toBe(k);
        expect(qtyToLots(inst, lotsToQty(inst, n))).toBe(n);
        expect(ticksToPrice(inst, k)).toBe(refFormat(BigInt(k) * BigInt(tick.step.units), tick.step.scale));
      }),
    );
  });

  it('names the price and qty fields by default, or the field given', () => {
    const inst = makeInstrument(base);
    const fieldOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (err) {
        return err instanceof ValueError ? err.field : 'not a ValueError';
      }
      return undefined;
    };
    expect(fieldOf(() => priceToTicks(inst, '1.005'))).toBe('price');
    expect(fieldOf(() => qtyToLots(inst, '0.5'))).toBe('qty');
    expect(fieldOf(() => priceToTicks(inst, 'x', 'bid'))).toBe('bid');
    expect(fieldOf(() => makeInstrument({ ...base, tickSize: '0' }))).toBe('tickSize');
    expect(fieldOf(() => makeInstrument({ ...base, lotSize: '-1' }))).toBe('lotSize');
    expect(fieldOf(() => makeInstrument({ ...base, symbol: '' }))).toBe('symbol');
    expect(fieldOf(() => makeInstrument({ ...base, assetClass: 'stock' as never }))).toBe('assetClass');
  });

  it('normalises steps and writes a stable spec', () => {
    const inst = makeInstrument({ ...base, tickSize: '0.0100', lotSize: '001', sector: 'Information Technology' });
    expect(inst.tickSize).toBe('0.01');
    expect(inst.lotSize).toBe('1');
    expect(priceToTicks(inst, '585.33')).toBe(58533);
    expect(Object.keys(instrumentSpec(inst))).toEqual(['symbol', 'venue', 'assetClass', 'currency', 'tickSize', 'lotSize', 'sector']);
    expect('sector' in instrumentSpec(makeInstrument(base))).toBe(false);
  });
});
