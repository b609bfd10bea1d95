import { describe, expect, it } from 'vitest';
import { parseParamLists } from '../../cli-support/params.js';
import { gridPoint, paramSets } from './grid.js';

describe('sweep grid', () => {
  it('lists a sweep\'s values; the grid varies the last param fastest; --random draws distinct points in grid order', () => {
    const axes = parseParamLists(['window=20,50,100', 'threshold=3,5']);
    expect(axes).toEqual([{ name: 'window', values: [20, 50, 100] }, { name: 'threshold', values: [3, 5] }]);
    expect(paramSets(axes).map((p) => `${p.window}/${p.threshold}`)).toEqual(['20/3', '20/5', '50/3', '50/5', '100/3', '100/5']);
    expect(gridPoint(axes, 3)).toEqual({ window: 50, threshold: 5 });
    const drawn = paramSets(axes, { count: 4, seed: 7 });
    expect(drawn).toHaveLength(4);
    expect(new Set(drawn.map((p) => JSON.stringify(p))).size).toBe(4);
    expect(paramSets(axes, { count: 4, seed: 7 })).toEqual(drawn);
    expect(() => parseParamLists(['window=1,,2'])).toThrow(/empty value/);
  });
});
