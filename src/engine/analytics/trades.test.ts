import { describe, expect, it } from 'vitest';
import { tradeStats } from './trades.js';

describe('trade statistics', () => {
  it('by hand: 10, -5, 0, 20, -15', () => {
    // wins 10, 20 (gross profit 30, average 15); losses -5, -15 (gross loss 20, average -10);
    // the 0 trade is neither but counts: win rate 2/5 = 0.4, expectancy (10-5+0+20-15)/5 = 2;
    // profit factor 30/20 = 1.5
    expect(tradeStats(['10', '-5', '0', 20, '-15'])).toEqual({
      count: 5, wins: 2, losses: 2, winRate: 0.4, grossProfit: 30, grossLoss: 20,
      profitFactor: 1.5, expectancy: 2, averageWin: 15, averageLoss: -10,
    });
  });

  it('no losses: profit factor Infinity, average loss NaN', () => {
    const s = tradeStats([1, 2]);
    expect(s.profitFactor).toBe(Infinity);
    expect(s.averageLoss).toBeNaN();
    expect(s.winRate).toBe(1);
  });

  it('no wins: profit factor 0; only flat trades: NaN', () => {
    expect(tradeStats([-1, -3]).profitFactor).toBe(0);
    expect(tradeStats([-1, -3]).averageWin).toBeNaN();
    expect(tradeStats([0, 0]).profitFactor).toBeNaN();
    expect(tradeStats([0, 0]).winRate).toBe(0);
  });

  it('no trades', () => {
    const s = tradeStats([]);
    expect(s.count).toBe(0);
    expect(s.winRate).toBeNaN();
    expect(s.expectancy).toBeNaN();
    expect(s.profitFactor).toBeNaN();
  });
});
