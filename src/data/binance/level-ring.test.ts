import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { LevelRing } from './level-ring.js';

// The ring as the reader uses it: each diff's levels are written after moving keepFrom to the
// oldest diff still remembered (a window of the last few), and a diff given up on is truncated.
// Every remembered diff must read back exactly what was written, across growth and wrap-around.

interface Written {
  at: number;
  levels: [number, number][];
}

function readBack(ring: LevelRing, d: Written): [number, number][] {
  const out: [number, number][] = [];
  let k = ring.slot(d.at);
  for (let i = 0; i < d.levels.length; i++, k = ring.next(k)) out.push([ring.price(k), ring.size(k)]);
  return out;
}

const diff = fc.record({
  levels: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 1e6 })), { maxLength: 40 }),
  givenUp: fc.boolean(),
});

describe('LevelRing', () => {
  it('reads back every diff still in the window after growing and wrapping around', () => {
    fc.assert(
      fc.property(fc.array(diff, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (diffs, window) => {
        const ring = new LevelRing(8);
        const kept: Written[] = [];
        for (const d of diffs) {
          ring.keepFrom = kept.length > 0 ? kept[0].at : ring.end;
          const at = ring.end;
          for (const [p, q] of d.levels) ring.push(p, q);
          if (d.givenUp) {
            ring.truncate(at);
            expect(ring.end).toBe(at);
            continue;
          }
          kept.push({ at, levels: d.levels });
          if (kept.length > window) kept.shift();
          for (const w of kept) expect(readBack(ring, w)).toEqual(w.levels);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('overwrites what is older than keepFrom instead of growing', () => {
    const ring = new LevelRing(4);
    for (let i = 0; i < 100; i++) {
      ring.keepFrom = ring.end;
      ring.push(i, i + 1);
    }
    // Four slots were enough for one level kept at a time: the last one is where it belongs.
    expect(ring.end).toBe(100);
    const k = ring.slot(99);
    expect([ring.price(k), ring.size(k), k]).toEqual([99, 100, 99 % 4]);
  });
});
