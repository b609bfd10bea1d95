import { describe, it, expect } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import fc from 'fast-check';
import { ValueError } from '../model/errors.js';
import type { QueueModel } from './models.js';
import {
  L2_QUEUE_MODEL_NAMES,
  QUEUE_MODEL_NAMES,
  logQueueModel,
  makeQueueModel,
  powerQueueModel,
  riskAverseQueueModel,
} from './queue-models.js';

describe('risk-averse queue model', () => {
  it('starts behind the whole level and advances only on trades', () => {
    const m = riskAverseQueueModel;
    const s = m.enter(10);
    expect(s.ahead).toBe(10);
    // trade 4: ahead 10 - 4 = 6, nothing printed past us.
    expect(m.onTrade(s, 4, 5)).toBe(0);
    expect(s.ahead).toBe(6);
    // trade 8: 6 - 8 = -2, so 2 lots printed past us: fill 2, ahead 0.
    expect(m.onTrade(s, 8, 5)).toBe(2);
    expect(s.ahead).toBe(0);
    // at the front, trade 10 with 3 left to fill: min(10, 3) = 3.
    expect(m.onTrade(s, 10, 3)).toBe(3);
  });

  it('on a decrease keeps ahead within the level, on an increase stays put', () => {
    const m = riskAverseQueueModel;
    const s = m.enter(10);
    m.onLevelChange(s, 10, 8); // cancel of 2 assumed behind: min(10, 8) = 8 (the level holds only 8)
    expect(s.ahead).toBe(8);
    s.ahead = 3;
    m.onLevelChange(s, 8, 5); // min(3, 5) = 3: cancels were behind us
    expect(s.ahead).toBe(3);
    m.onLevelChange(s, 5, 20); // additions join behind us
    expect(s.ahead).toBe(3);
    m.onLevelChange(s, 20, 0); // the level emptied: min(3, 0) = 0
    expect(s.ahead).toBe(0);
  });

  it('fills nothing on an empty trade or when nothing remains', () => {
    const s = riskAverseQueueModel.enter(0);
    expect(riskAverseQueueModel.onTrade(s, 0, 5)).toBe(0);
    expect(riskAverseQueueModel.onTrade(s, 5, 0)).toBe(0);
  });
});

describe('power queue model', () => {
  it('splits a cancel in the ratio ahead^n : behind^n (n = 2)', () => {
    const m = powerQueueModel();
    const s = m.enter(10);
    s.ahead = 6;
    // before 10, after 7: d = 3, behind = 10 - 6 = 4; f(6) = 36, f(4) = 16.
    // Share ahead 36 / 52 = 9/13, so ahead = 6 - 3 * 9/13 = 51/13 ≈ 3.923.
    m.onLevelChange(s, 10, 7);
    expect(s.ahead).toBeCloseTo(51 / 13, 12);
    // A trade of 5 prints 5 - 51/13 = 14/13 ≈ 1.08 lots past us: 1 whole lot fills.
    expect(m.onTrade(s, 5, 10)).toBe(1);
    expect(s.ahead).toBe(0);
  });

  it('with n = 1 is proportional to the sizes either side', () => {
    const m = powerQueueModel(1);
    const s = m.enter(10);
    s.ahead = 6;
    // before 10, after 5: d = 5, share ahead 6 / (6 + 4) = 0.6, ahead = 6 - 5 * 0.6 = 3.
    m.onLevelChange(s, 10, 5);
    expect(s.ahead).toBeCloseTo(3, 12);
    // The trade of 3 ends exactly at us: 3 - 3 = 0, no fill (float residue must not cost a lot).
    expect(m.onTrade(s, 3, 10)).toBe(0);
    // Next trade of 2 is all past us: fill 2.
    expect(m.onTrade(s, 2, 10)).toBe(2);
  });

  it('at the front, cancels are all behind; an addition changes nothing', () => {
    const m = powerQueueModel(2);
    const s = m.enter(0);
    m.onLevelChange(s, 0, 7); // additions: 0 stays 0
    expect(s.ahead).toBe(0);
    m.onLevelChange(s, 7, 2); // f(0) = 0: no share of the cancel ahead
    expect(s.ahead).toBe(0);
  });

  it('rejects a non-positive exponent', () => {
    expect(() => powerQueueModel(0)).toThrow(ValueError);
    expect(() => makeQueueModel({ name: 'power', n: Number.NaN })).toThrow(ValueError);
  });
});

describe('log queue model', () => {
  it('splits a cancel in the ratio log(1 + ahead) : log(1 + behind)', () => {
    const m = logQueueModel;
    const s = m.enter(10);
    s.ahead = 3;
    // before 10, after 8: d = 2, behind 7; ln 4 : ln 8 = 2 ln 2 : 3 ln 2, share 2/5.
    // ahead = 3 - 2 * 2/5 = 2.2.
    m.onLevelChange(s, 10, 8);
    expect(s.ahead).toBeCloseTo(2.2, 12);
    // A trade of 3 prints 0.8 lots past us: not a whole lot, no fill; we are now at the front.
    expect(m.onTrade(s, 3, 10)).toBe(0);
    expect(s.ahead).toBe(0);
    expect(m.onTrade(s, 1, 10)).toBe(1);
  });

  it('clamps to the level when a cancel removes more than could be behind', () => {
    const m = logQueueModel;
    const s = m.enter(10);
    s.ahead = 9;
    // before 10, after 1: d = 9, behind 1; ln 10 : ln 2 gives 9 * 0.7686 ≈ 6.92 ahead, leaving ≈ 2.08 > 1:
    // we cannot be behind more than the level holds, so ahead = 1.
    m.onLevelChange(s, 10, 1);
    expect(s.ahead).toBe(1);
  });
});

describe('makeQueueModel', () => {
  it('builds each L2 model by name and refuses fifo, which the venue tracks by order id', () => {
    expect(L2_QUEUE_MODEL_NAMES.map((name) => makeQueueModel({ name }).name)).toEqual(['risk-averse', 'power', 'log']);
    expect(QUEUE_MODEL_NAMES).toContain('fifo');
    expect(() => makeQueueModel({ name: 'fifo' })).toThrow(ValueError);
    expect(() => makeQueueModel({ name: 'nope' as 'log' })).toThrow(ValueError);
  });

  it('passes n to the power model', () => {
    const m = makeQueueModel({ name: 'power', n: 1 });
    const s = m.enter(10);
    s.ahead = 6;
    m.onLevelChange(s, 10, 5); // proportional, as above: 6 - 5 * 0.6 = 3
    expect(s.ahead).toBeCloseTo(3, 12);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: a level driven by random trades, cancels and additions.
// ---------------------------------------------------------------------------------------------

type Op = { kind: 'trade'; qty: number } | { kind: 'change'; delta: number };

const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('trade' as const), qty: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ kind: fc.constant('change' as const), delta: fc.integer({ min: -40, max: 40 }) }),
  ),
  { maxLength: 60 },
);

const models: [string, QueueModel][] = [
  ['risk-averse', riskAverseQueueModel],
  ['power n=2', powerQueueModel(2)],
  ['power n=0.5', powerQueueModel(0.5)],
  ['power n=3', powerQueueModel(3)],
  ['log', logQueueModel],
];

describe('queue model properties', () => {
  it('keep 0 <= ahead <= level size and never fill more than remaining or the traded qty', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 80 }), ops, (initial, orderQty, seq: Op[]) => {
        for (const [, m] of models) {
          let level = initial;
          let remaining = orderQty;
          const s = m.enter(level);
          expect(s.ahead).toBe(level);
          for (const op of seq) {
            if (op.kind === 'trade') {
              // A print at our price takes from the visible level (our own order is not in it).
              const qty = Math.min(op.qty, level);
              level -= qty;
              const fill = m.onTrade(s, qty, remaining);
              expect(Number.isInteger(fill)).toBe(true);
              expect(fill).toBeGreaterThanOrEqual(0);
              expect(fill).toBeLessThanOrEqual(remaining);
              expect(fill).toBeLessThanOrEqual(qty);
              remaining -= fill;
            } else {
              const after = Math.max(0, level + op.delta);
              m.onLevelChange(s, level, after);
              level = after;
            }
            expect(s.ahead).toBeGreaterThanOrEqual(0);
            expect(s.ahead).toBeLessThanOrEqual(level);
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('a probabilistic model is never further back than risk-averse, given the same events', () => {
    // Risk-averse assumes every cancel was behind us; any share ahead can only move us forward.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), ops, (initial, seq: Op[]) => {
        for (const [, m] of models.slice(1)) {
          const ra = riskAverseQueueModel.enter(initial);
          const s = m.enter(initial);
          let level = initial;
          for (const op of seq) {
            if (op.kind === 'trade') {
              const qty = Math.min(op.qty, level);
              level -= qty;
              riskAverseQueueModel.onTrade(ra, qty, 1e9);
              m.onTrade(s, qty, 1e9);
            } else {
              const after = Math.max(0, level + op.delta);
              riskAverseQueueModel.onLevelChange(ra, level, after);
              m.onLevelChange(s, level, after);
              level = after;
            }
            expect(s.ahead).toBeLessThanOrEqual(ra.ahead + 1e-9);
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
