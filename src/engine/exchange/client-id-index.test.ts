import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientIdIndex, generatedIdNumber } from './client-id-index.js';

describe('ClientIdIndex', () => {
  it('answers as a Map does: get, set again, and values in the order ids were first set', () => {
    // Ids that look generated, near-generated ones that are not ('o0', 'o07', 'o1:tp'), odd
    // large numbers, and plain names, set again under the same or a new value.
    const id = fc.oneof(
      fc.integer({ min: 1, max: 60 }).map((n) => `o${n}`),
      fc.constantFrom('o0', 'o07', 'o', 'o1:tp', 'x', 'O3', 'o99999999', 'o4096', 'o5000'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.nat(3)), { maxLength: 150 }), fc.array(id, { maxLength: 30 }), (sets, gets) => {
        const index = new ClientIdIndex<{ v: number }>();
        const model = new Map<string, { v: number }>();
        const made = new Map<string, { v: number }>();
        for (const [k, v] of sets) {
          // The same object back for the same id and value, as an order set twice would be.
          const key = `${k}\u0000${v}`;
          const value = made.get(key) ?? { v };
          made.set(key, value);
          index.set(k, value);
          model.set(k, value);
        }
        for (const k of [...gets, ...model.keys()]) expect(index.get(k)).toBe(model.get(k));
        expect(index.values()).toEqual([...model.values()]);
        expect(index.values().every((v, i) => v === [...model.values()][i])).toBe(true);
      }),
    );
  });

  it('reads the number of a generated id only', () => {
    expect(['o1', 'o20354', 'o0', 'o01', 'o', 'o1:tp', 'p5', 'o1e3', 'o12345678901234567'].map(generatedIdNumber)).toEqual([1, 20354, 0, 0, 0, 0, 0, 0, 0]);
  });
});
