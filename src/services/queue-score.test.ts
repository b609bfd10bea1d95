import { describe, expect, it } from 'vitest';
import { rank, scoreModel, type OrderOutcome } from './queue-score.js';

const MS = 1_000_000n;
const o = (filled: number, firstMs?: number): OrderOutcome => ({ filled, firstFill: firstMs === undefined ? undefined : BigInt(firstMs) * MS });

describe('scoring a queue model against FIFO, order by order', () => {
  // Five resting orders. FIFO filled a (10 lots at 100 ms), b (4 at 50 ms) and c (6 at 20 ms).
  const truth = new Map([
    ['a', o(10, 100)],
    ['b', o(4, 50)],
    ['c', o(6, 20)],
    ['d', o(0)],
    ['e', o(0)],
  ]);
  // The model filled a (all 10, 30 ms early), b (2 of 4, 50 ms late) and d (3, wrongly); missed c.
  const model = new Map([
    ['a', o(10, 70)],
    ['b', o(2, 100)],
    ['c', o(0)],
    ['d', o(3, 10)],
    ['e', o(0)],
  ]);

  it('counts precision, recall and F1 over filled-or-not, worked by hand', () => {
    const s = scoreModel('m', model, truth);
    // tp = a, b; fp = d; fn = c: precision 2/3, recall 2/3, F1 = 2*2 / (2*2 + 1 + 1) = 2/3.
    expect([s.precision, s.recall, s.f1, s.filled_orders]).toEqual([0.666667, 0.666667, 0.666667, 3]);
  });

  it('measures the filled quantity error and the first-fill time error of orders both filled', () => {
    const s = scoreModel('m', model, truth);
    // |10-10| + |2-4| + |0-6| + |3-0| + 0 = 11 lots over 5 orders; FIFO filled 20 lots.
    expect(s.qty_error).toEqual({ mean_abs_lots: 2.2, relative: 0.55 });
    // a: -30 ms, b: +50 ms. Nearest rank: median of |30|, |50| is 30, p90 is 50; signed median -30.
    expect(s.first_fill_error_ms).toEqual({ orders: 2, median: 30, p90: 50, bias: -30 });
  });

  it('scores FIFO against itself perfectly, and a model that fills nothing with no precision', () => {
    expect(scoreModel('fifo', truth, truth)).toMatchObject({ precision: 1, recall: 1, f1: 1, qty_error: { relative: 0 } });
    const none = scoreModel('none', new Map(), truth);
    expect([none.precision, none.recall, none.f1, none.filled_orders]).toEqual([null, 0, 0, 0]);
  });

  it('ranks by F1, then quantity error, then time errors, then name', () => {
    const base = scoreModel('b', model, truth);
    const better = { ...base, name: 'z', f1: 0.9 };
    const lessQty = { ...base, name: 'y', qty_error: { ...base.qty_error, relative: 0.1 } };
    const lessP90 = { ...base, name: 'x', first_fill_error_ms: { ...base.first_fill_error_ms, p90: 40 } };
    expect([base, lessQty, better, lessP90].sort(rank).map((s) => s.name)).toEqual(['z', 'y', 'x', 'b']);
  });
});
