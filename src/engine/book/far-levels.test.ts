import { describe, expect, it } from 'vitest';
import { FarLevels } from './far-levels.js';

// The far levels on their own, worked by hand: keys ascending with the best (largest) last, and
// add, as documented, behaving as the book's add does for a key held or not.

function entries(far: FarLevels): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < far.depth; i++) out.push([far.keys[i], far.sizes[i]]);
  return out;
}

describe('FarLevels.add', () => {
  it('on a key it does not hold: a positive delta makes the level in key order, returning the delta', () => {
    const far = new FarLevels();
    for (const k of [10, 30, 50]) far.set(k, k);
    expect(far.add(40, 4)).toBe(4);
    expect(far.add(5, 1)).toBe(1);
    expect(far.add(60, 6)).toBe(6);
    expect(entries(far)).toEqual([
      [5, 1],
      [10, 10],
      [30, 30],
      [40, 4],
      [50, 50],
      [60, 6],
    ]);
    expect(far.bestKey()).toBe(60);
  });

  it('on a key it does not hold: zero or a negative delta makes nothing, and returns the delta', () => {
    const far = new FarLevels();
    far.set(10, 1);
    expect(far.add(20, -3)).toBe(-3);
    expect(far.add(5, 0)).toBe(0);
    expect(entries(far)).toEqual([[10, 1]]);
  });

  it('on a key it holds: the size after it, the level gone at zero or below', () => {
    const far = new FarLevels();
    far.set(10, 1);
    far.set(20, 2);
    expect(far.add(10, 4)).toBe(5);
    expect(far.add(20, -5)).toBe(-3);
    expect(entries(far)).toEqual([[10, 5]]);
    expect([far.sizeAt(20), far.sizeAt(10)]).toEqual([0, 5]);
  });

  it('keeps its order past its first capacity (16), and pops from the best end', () => {
    const far = new FarLevels();
    for (let k = 40; k > 0; k -= 2) far.add(k, k / 2);
    far.push(100, 7);
    expect(far.depth).toBe(21);
    expect(entries(far).map(([k]) => k)).toEqual([...Array.from({ length: 20 }, (_, i) => 2 * i + 2), 100]);
    expect([far.popSize(), far.bestKey(), far.popSize(), far.bestKey()]).toEqual([7, 40, 20, 38]);
    far.clear();
    expect([far.depth, far.find(38)]).toEqual([0, -1]);
  });
});
