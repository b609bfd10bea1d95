import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { localNsFromBytes, localTimestampNs } from './local-time.js';

/** The text way's answer, or undefined where it refuses the stamp. */
function fromText(text: string): bigint | undefined {
  try {
    return localTimestampNs(text);
  } catch {
    return undefined;
  }
}

function fromBytes(text: string): bigint | undefined {
  const b = Buffer.from(` ${text} `, 'latin1');
  return localNsFromBytes(b, 1, b.length - 1);
}

describe('local timestamps read from bytes', () => {
  it('give the text way answer, in every unit, or leave the stamp to it', () => {
    const cases: [string, bigint | undefined][] = [
      ['1723161254123456789', 1723161254123456789n], // ns (2024)
      ['1680652800123456', 1680652800123456000n], // us (2023)
      ['1680652800123', 1680652800123000000n], // ms
      ['99999999999', undefined], // too small for any unit
      ['0001680652800123', 1680652800123000000n], // leading zeros: the value decides
      ['', undefined],
      ['17231612541234567x', undefined],
    ];
    for (const [text, ns] of cases) {
      expect([text, fromText(text)]).toEqual([text, ns]);
      expect([text, fromBytes(text)]).toEqual([text, ns]);
    }
    // Twenty digits are left to the text way, which reads them.
    expect(fromBytes('01723161254123456789')).toBeUndefined();
    expect(fromText('01723161254123456789')).toBe(1723161254123456789n);
  });

  it('agree with the text way on any run of up to 19 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,19}$/), (text) => {
        const bytes = fromBytes(text);
        const text2 = fromText(text);
        expect(bytes).toBe(text2);
      }),
      { numRuns: propertyRuns(2000) },
    );
    // Including the same stamp twice in a row (the bigint is kept between calls).
    expect([fromBytes('1723161254123456789'), fromBytes('1723161254123456789'), fromBytes('1723161254123456788')]).toEqual([
      1723161254123456789n,
      1723161254123456789n,
      1723161254123456788n,
    ]);
  });
});
