import { describe, expect, it } from 'vitest';
import { touchMark } from './touch-mark.js';

// The mark, in ticks, worked by hand: the mid of the touch rounded half up (towards +infinity,
// also for negative prices), else whichever side is left, else the last trade.

describe('touchMark', () => {
  it('is the mid of bid and ask, rounded half up', () => {
    expect(touchMark(100, 102)).toBe(101);
    expect(touchMark(100, 101)).toBe(101); // 100.5
    expect(touchMark(100, 101, 7)).toBe(101); // the touch wins over the last trade
    expect(touchMark(99_999, 100_002)).toBe(100_001); // 100,000.5
    expect(touchMark(-3, -2)).toBe(-2); // -2.5 rounds up, to -2
    expect(touchMark(0, 1)).toBe(1);
  });

  it('is the side that is left when the other is missing', () => {
    expect(touchMark(100, undefined)).toBe(100);
    expect(touchMark(undefined, 103)).toBe(103);
    expect(touchMark(100, undefined, 7)).toBe(100);
    expect(touchMark(undefined, 103, 7)).toBe(103);
    // A side at 0 ticks is a price, not a missing side.
    expect(touchMark(0, undefined, 7)).toBe(0);
    expect(touchMark(undefined, 0, 7)).toBe(0);
  });

  it('is the last trade when the book is empty, and undefined without one', () => {
    expect(touchMark(undefined, undefined, 7)).toBe(7);
    expect(touchMark(undefined, undefined, 0)).toBe(0);
    expect(touchMark(undefined, undefined)).toBeUndefined();
  });
});
