import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../model/instrument.js';
import { Account } from './account.js';
import { EquityText } from './equity-text.js';

const inst = (symbol: string, tickSize: string, lotSize: string) => makeInstrument({ symbol, venue: 'TEST', assetClass: 'crypto', currency: 'USD', tickSize, lotSize });

/** A fill: side, price in ticks, lots, fee text. */
const fill = fc.record({
  buy: fc.boolean(),
  price: fc.integer({ min: 1, max: 5_000_000_000 }),
  lots: fc.integer({ min: 1, max: 100_000 }),
  fee: fc.oneof(fc.constant('0'), fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => new Decimal(n).dividedBy(1e7).toFixed())),
  market: fc.nat(1),
});
const mark = fc.option(fc.integer({ min: 1, max: 5_000_000_000 }), { nil: undefined });

describe('EquityText', () => {
  it('gives the text of account.equity(marks).toFixed() after any fills, at any marks, one instrument or two', () => {
    const steps = fc.array(fc.record({ fill: fc.option(fill, { nil: undefined }), marks: fc.tuple(mark, mark) }), { maxLength: 40 });
    const sizes = fc.constantFrom(['0.01', '1'], ['0.0001', '1'], ['0.1', '0.001'], ['0.00000001', '0.00001'], ['5', '100'], ['0.25', '10']);
    fc.assert(
      fc.property(steps, sizes, sizes, fc.constantFrom('0', '1000', '1000000.123456789', '-5'), (steps, [t0, l0], [t1, l1], cash) => {
        for (const two of [false, true]) {
          const instruments = two ? [inst('A', t0, l0), inst('B', t1, l1)] : [inst('A', t0, l0)];
          const account = new Account(instruments, cash);
          const text = new EquityText(account);
          for (const s of steps) {
            if (s.fill) account.applyFill(s.fill.buy ? 'buy' : 'sell', s.fill.price, s.fill.lots, new Decimal(s.fill.fee), two ? s.fill.market : 0);
            const marks = two ? s.marks : s.marks[0];
            // Asked twice: the second answer may come from what the first kept.
            expect(text.text(marks)).toBe(account.equity(marks).toFixed());
            expect(text.text(marks)).toBe(account.equity(marks).toFixed());
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes zero, signs and fractions below one as decimal.js does', () => {
    const account = new Account([inst('A', '0.01', '1')], '0');
    const text = new EquityText(account);
    expect(text.text(undefined)).toBe('0');
    account.applyFill('buy', 5, 1, new Decimal('0')); // cash -0.05, long 1 at 0.05
    expect(text.text(5)).toBe('0');
    expect(text.text(undefined)).toBe('-0.05');
    expect(text.text(4)).toBe('-0.01');
    expect(text.text(15)).toBe('0.1');
    expect(text.text(105)).toBe('1');
  });

  it('hands values beyond what decimal.js holds exactly back to it', () => {
    const account = new Account([inst('A', '1', '1')], '1e75');
    const text = new EquityText(account);
    account.applyFill('buy', 3, 7, new Decimal('0.5'));
    expect(text.text(4)).toBe(account.equity(4).toFixed());
    expect(text.text(undefined)).toBe(account.equity(undefined).toFixed());
  });
});
