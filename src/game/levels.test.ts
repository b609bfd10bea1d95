import { describe, expect, it } from 'vitest';
import { levelInfo, levelOf, tierOf, xpForLevel } from './levels.js';

describe('levels from XP', () => {
  it('reaches each level exactly at its threshold, never a point early', () => {
    for (let level = 2; level <= 300; level++) {
      expect(levelOf(xpForLevel(level))).toBe(level);
      expect(levelOf(xpForLevel(level) - 1)).toBe(level - 1);
    }
    expect(levelOf(0)).toBe(1);
  });

  it('follows the documented curve: 50 * (L - 1)^2 XP for level L', () => {
    expect([2, 6, 16, 31, 51].map(xpForLevel)).toEqual([50, 1_250, 11_250, 45_000, 125_000]);
  });

  it('names the tiers by level bands: Rookie 1-5, Trader 6-15, Expert 16-30, Master 31-50, Legend 51+', () => {
    const at = (levels: number[]) => levels.map(tierOf);
    expect(at([1, 5])).toEqual(['Rookie', 'Rookie']);
    expect(at([6, 15])).toEqual(['Trader', 'Trader']);
    expect(at([16, 30])).toEqual(['Expert', 'Expert']);
    expect(at([31, 50])).toEqual(['Master', 'Master']);
    expect(at([51, 400])).toEqual(['Legend', 'Legend']);
    expect(levelInfo(1_249)).toEqual({ xp: 1_249, level: 5, tier: 'Rookie', toNext: 1 });
  });
});
