import { describe, expect, it } from 'vitest';
import { parseParamLists, parseParams } from './params.js';

describe('--param', () => {
  it('reads numbers and booleans as such, anything else as text', () => {
    expect(parseParams(['window=20', 'side=sell', 'fast=true', 'x=-1.5e2', 'empty='])).toEqual({ window: 20, side: 'sell', fast: true, x: -150, empty: '' });
    expect(() => parseParams(['window=1', 'window=2'])).toThrow(/given twice/);
    expect(() => parseParams(['=3'])).toThrow(/not name=value/);
  });
  it('lists a sweep\'s values in the order given', () => {
    expect(parseParamLists(['window=20,50,100', 'threshold=3,5'])).toEqual([{ name: 'window', values: [20, 50, 100] }, { name: 'threshold', values: [3, 5] }]);
    expect(() => parseParamLists(['window=1,,2'])).toThrow(/empty value/);
    expect(() => parseParamLists(['window=1,1'])).toThrow(/lists a value twice/);
  });
});
