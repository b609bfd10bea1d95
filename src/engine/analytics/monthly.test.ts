import { describe, expect, it } from 'vitest';
import { monthlyReturns } from './monthly.js';

describe('monthly returns', () => {
  it('compounds the days of each month', () => {
    const m = monthlyReturns([
      { day: '2024-01-30', ret: 0.1 },
      { day: '2024-01-31', ret: -0.1 }, // January: 1.1 x 0.9 - 1 = -0.01
      { day: '2024-02-01', ret: 0.2 }, // February: 0.2
      { day: '2024-03-15', ret: 0.05 },
      { day: '2024-03-20', ret: 0.05 }, // March: 1.05^2 - 1 = 0.1025
      { day: '2025-03-03', ret: -0.5 }, // a year later, same calendar month, its own key
    ]);
    expect(m.map((x) => x.month)).toEqual(['2024-01', '2024-02', '2024-03', '2025-03']);
    [-0.01, 0.2, 0.1025, -0.5].forEach((x, i) => expect(m[i].ret).toBeCloseTo(x, 15));
  });

  it('empty in, empty out; months out of order are refused', () => {
    expect(monthlyReturns([])).toEqual([]);
    expect(() => monthlyReturns([{ day: '2024-02-01', ret: 0 }, { day: '2024-01-31', ret: 0 }])).toThrow(RangeError);
  });
});
