import { describe, expect, it } from 'vitest';
import { MarketStats } from './market-stats.js';

describe('MarketStats', () => {
  it('recent volume decays with a 60 s half-life', () => {
    const s = new MarketStats();
    expect(s.recentVolume(0n)).toBe(0);
    s.onTrade(100, 8, 0n);
    expect(s.recentVolume(0n)).toBe(8);
    expect(s.recentVolume(60_000_000_000n)).toBe(4);
    // another 4 at 60 s: 4 + 4 = 8, which halves again by 120 s
    s.onTrade(100, 4, 60_000_000_000n);
    expect(s.recentVolume(120_000_000_000n)).toBe(4);
  });

  it('volatility is an exponentially weighted RMS of trade-to-trade changes, at least one tick', () => {
    const s = new MarketStats();
    expect(s.volatilityTicks()).toBe(1);
    s.onTrade(100, 1, 0n);
    s.onTrade(103, 1, 1n);
    // 0.95 x 1 + 0.05 x 3^2 = 1.4
    expect(s.volatilityTicks()).toBeCloseTo(Math.sqrt(1.4), 12);
    s.onTrade(103, 1, 2n);
    s.onTrade(103, 1, 3n);
    // quiet trades pull it down, but never under a tick: 1.4 x 0.95^2 = 1.2635
    expect(s.volatilityTicks()).toBeCloseTo(Math.sqrt(1.4 * 0.95 * 0.95), 12);
    for (let i = 0; i < 200; i++) s.onTrade(103, 1, BigInt(4 + i));
    expect(s.volatilityTicks()).toBe(1);
  });
});
