import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { parseStep } from '../../engine/model/decimal-units.js';
import { bytesToSteps } from '../byte-fields.js';
import { quoteAt, stepsBeforeQuote } from './quoted-steps.js';

// The depth feed reads each price and size of a depth array with stepsBeforeQuote in place of
// a walk to the closing quote and bytesToSteps over what it found: for any bytes, it must give
// what those two give (a value and that quote, or NaN).

const STEPS = ['1', '0.1', '0.01', '0.001', '0.00000001', '0.000000000000001', '5', '0.05', '0.25'].map((s) => parseStep(s));

/** Text made of the bytes a price can hold, and some it must not. */
const anyText = fc.string({ unit: fc.constantFrom('0', '0', '1', '5', '9', '.', '-', 'e', 'a', '\\', ',', ']', '\u0001', 'é', ' ') });
const decimal = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,20}$/)))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${f === null ? i : `${i}.${f}`}`);

/** Both ways over `"<text><tail>`: the first quote after the opening one, then bytesToSteps up to it. */
function check(text: string, tail: string): void {
  const b = Buffer.from(`"${text}${tail}`, 'latin1');
  let q = 1;
  while (q < b.length && b[q] !== 34) q++;
  for (const step of STEPS) {
    const want = q < b.length ? bytesToSteps(b, 1, q, step) : NaN;
    const got = stepsBeforeQuote(b, 1, b.length, step);
    expect(Number.isNaN(got) ? 'NaN' : got, `${JSON.stringify(text + tail)} at ${step.text}`).toBe(Number.isNaN(want) ? 'NaN' : want);
    if (!Number.isNaN(got)) expect(quoteAt).toBe(q);
  }
}

describe('stepsBeforeQuote', () => {
  it('reads a string to its closing quote and converts it as bytesToSteps does', () => {
    for (const text of ['61742.50', '0.001', '0', '-0', '-1.5', '1.', '.5', '1.2.3', '1e5', '', '-', '007.10', '9007199254740993', '900719925474099.3', '0.000000000000001', '61742.505', '6.3980']) {
      check(text, '","1"]');
      check(text, '');
    }
    fc.assert(fc.property(anyText, fc.constantFrom('"', '"]', '', '",'), (t, tail) => check(t, tail)), { numRuns: propertyRuns(3000) });
    fc.assert(fc.property(decimal, fc.constantFrom('"', '"]', ''), (t, tail) => check(t, tail)), { numRuns: propertyRuns(3000) });
  });
});
