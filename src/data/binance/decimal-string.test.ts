import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { parseStep } from '../../engine/model/decimal-units.js';
import { bytesToSteps } from '../byte-fields.js';
import { DecimalString } from './decimal-string.js';
import { decimalPlaces } from './survey.js';

// DecimalString reads a price or size of a Hyperliquid book line once, for the survey (its
// decimal places) and the pass (ticks and lots). Each answer must be the one the separate walks
// it replaces give: the end of the string as a plain JSON string, decimalPlaces of its text, and
// bytesToSteps at any step.

/** The closing quote of a JSON string without escapes, control or non-ASCII bytes, or -1. */
function plainStringEnd(b: Buffer, i: number, to: number): number {
  for (; i < to; i++) {
    if (b[i] === 34) return i;
    if (b[i] < 32 || b[i] > 126 || b[i] === 92) return -1;
  }
  return -1;
}

const STEPS = ['1', '0.1', '0.01', '0.00001', '0.00000001', '0.000000000000001', '5', '0.05', '0.25'].map((s) => parseStep(s));

/** Text made of the bytes a price can hold, and some it must not. */
const anyText = fc.string({ unit: fc.constantFrom('0', '0', '1', '5', '9', '.', '-', 'e', 'a', '\\', '\u0001', 'é', ' ') });
/** Plain decimals of every size: many leading and trailing zeros, up to ~30 digits. */
const decimal = fc
  .tuple(fc.stringMatching(/^[0-9]{1,18}$/), fc.option(fc.stringMatching(/^[0-9]{1,20}$/)))
  .map(([i, f]) => (f === null ? i : `${i}.${f}`));

function check(text: string, tail: string): void {
  const b = Buffer.from(`"${text}${tail}`, 'latin1');
  const d = new DecimalString();
  const end = d.read(b, 1, b.length);
  expect(end, text).toBe(plainStringEnd(b, 1, b.length));
  if (end < 0) return;
  expect(d.places, text).toBe(decimalPlaces(b.toString('latin1', 1, end)));
  for (const step of STEPS) {
    const want = bytesToSteps(b, 1, end, step);
    const got = d.steps(b, step);
    expect(Number.isNaN(got) ? 'NaN' : got, `${text} at ${step.text}`).toBe(Number.isNaN(want) ? 'NaN' : want);
  }
}

describe('DecimalString', () => {
  it('ends where a plain JSON string ends, and counts places and steps as decimalPlaces and bytesToSteps do', () => {
    for (const text of ['105055.0', '0.1428', '3.03622', '0', '0.0', '000.000', '1.', '.5', '1.2.3', '-1.5', '-0', '1e5', '', '007.10', '9007199254740993', '900719925474099.3', '0.000000000000001', '0.0000000000000001', '123456789012345.6']) {
      check(text, '"}');
    }
    check('105055.0', ''); // no closing quote before the end
    fc.assert(fc.property(anyText, fc.constantFrom('"', '"}', ''), (t, tail) => check(t, tail)), { numRuns: propertyRuns(3000) });
    fc.assert(fc.property(decimal, (t) => check(t, '"')), { numRuns: propertyRuns(3000) });
  });
});
