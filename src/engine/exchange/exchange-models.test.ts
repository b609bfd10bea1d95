import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { L2Book } from '../book/l2-book.js';
import { ValueError } from '../model/errors.js';
import { bpsFeeModel, makeFeeModel, percentFeeModel, perShareFeeModel, type FeeModelConfig } from './fee-models.js';
import { l1FillModel, l2FillModel, makeFillModel, type FillModelName } from './fill-models.js';
import { linearImpactModel, makeImpactModel, sqrtImpactModel, type ImpactModelConfig } from './impact-models.js';
import { constantLatency, lognormalLatency, makeLatencyModel, normalLatency, uniformLatency, type LatencyModelConfig } from './latency-models.js';
import { MarketStats } from './market-stats.js';
import { parseModelConfig, withPreset, type PresetName } from './model-config.js';
import type { FeeInput } from './models.js';

// The venue's models at their edges: the exact error each bad parameter gives (the field is
// what the config layer turns into "file, line, field", the message what the user reads), and
// the corners of the arithmetic that the main tests of each model pass by.

function errorOf(f: () => unknown): { field: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    return { field: (e as ValueError).field, message: (e as ValueError).message };
  }
  throw new Error('expected a ValueError');
}

const fee = (fields: Partial<FeeInput>): FeeInput => ({
  notional: '100',
  units: '10',
  liquidity: 'taker',
  orderNotionalBefore: '0',
  orderUnitsBefore: '0',
  ...fields,
});

describe('bad model parameters name their field and say what is wrong', () => {
  it('fees', () => {
    expect(errorOf(() => bpsFeeModel('x', 1))).toEqual({ field: 'fees.makerBps', message: 'fees.makerBps must be a decimal number, got "x"' });
    expect(errorOf(() => bpsFeeModel(1, -2))).toEqual({ field: 'fees.takerBps', message: 'fees.takerBps must be >= 0, got "-2"' });
    expect(errorOf(() => bpsFeeModel(Infinity, 1))).toEqual({
      field: 'fees.makerBps',
      message: 'fees.makerBps must be a finite decimal number, got "Infinity"',
    });
    expect(errorOf(() => bpsFeeModel(1, Number.NaN))).toEqual({ field: 'fees.takerBps', message: 'fees.takerBps must be a finite decimal number, got "NaN"' });
    expect(errorOf(() => bpsFeeModel(1, 1).fee(fee({ notional: 'abc' })))).toEqual({ field: 'notional', message: 'notional must be a decimal number, got "abc"' });

    expect(errorOf(() => perShareFeeModel('-1'))).toEqual({ field: 'fees.perShare', message: 'fees.perShare must be >= 0, got "-1"' });
    expect(errorOf(() => perShareFeeModel('0.005', -1))).toEqual({ field: 'fees.min', message: 'fees.min must be >= 0, got "-1"' });
    expect(errorOf(() => perShareFeeModel('0.005', 1, '-0.5'))).toEqual({ field: 'fees.max', message: 'fees.max must be >= 0, got "-0.5"' });
    expect(errorOf(() => perShareFeeModel('0.005', '10.50', 1))).toEqual({ field: 'fees.max', message: 'fees.max (1) must be >= fees.min (10.5)' });
    const perShare = perShareFeeModel();
    expect(errorOf(() => perShare.fee(fee({ orderUnitsBefore: '-1' })))).toEqual({ field: 'orderUnitsBefore', message: 'orderUnitsBefore must be >= 0, got "-1"' });
    expect(errorOf(() => perShare.fee(fee({ units: 'ten' })))).toEqual({ field: 'units', message: 'units must be a decimal number, got "ten"' });

    expect(errorOf(() => percentFeeModel(-1))).toEqual({ field: 'fees.rate', message: 'fees.rate must be >= 0, got "-1"' });
    expect(errorOf(() => percentFeeModel(0.1, 'min'))).toEqual({ field: 'fees.min', message: 'fees.min must be a decimal number, got "min"' });
    const percent = percentFeeModel();
    expect(errorOf(() => percent.fee(fee({ orderNotionalBefore: '?' })))).toEqual({ field: 'orderNotionalBefore', message: 'orderNotionalBefore must be a decimal number, got "?"' });
    expect(errorOf(() => percent.fee(fee({ notional: '' })))).toEqual({ field: 'notional', message: 'notional must be a decimal number, got ""' });

    expect(errorOf(() => makeFeeModel({ name: 'flat' } as unknown as FeeModelConfig))).toEqual({
      field: 'fees.name',
      message: 'unknown fee model "flat"; expected one of none, bps, per-share, percent',
    });
  });

  it('impact', () => {
    const m = linearImpactModel();
    expect(errorOf(() => m.priceImpactTicks(-1, 10, 1))).toEqual({ field: 'qty', message: 'qty must be a finite number >= 0, got -1' });
    expect(errorOf(() => m.priceImpactTicks(1, Number.NaN, 1))).toEqual({ field: 'recentVolume', message: 'recentVolume must be a finite number >= 0, got NaN' });
    expect(errorOf(() => m.priceImpactTicks(1, 10, Infinity))).toEqual({ field: 'volatilityTicks', message: 'volatilityTicks must be a finite number >= 0, got Infinity' });
    expect(errorOf(() => m.consume('buy', 100, -2, 0n))).toEqual({ field: 'qty', message: 'qty must be a finite number >= 0, got -2' });
    expect(errorOf(() => linearImpactModel(-1))).toEqual({ field: 'impact.k', message: 'impact.k must be a finite number >= 0, got -1' });
    expect(errorOf(() => sqrtImpactModel(Number.NaN))).toEqual({ field: 'impact.y', message: 'impact.y must be a finite number >= 0, got NaN' });
    expect(errorOf(() => sqrtImpactModel(1, 0))).toEqual({ field: 'impact.halfLifeNs', message: 'impact.halfLifeNs must be a positive number of ns, got 0' });
    expect(errorOf(() => makeImpactModel({ name: 'cubic' } as unknown as ImpactModelConfig))).toEqual({
      field: 'impact.name',
      message: 'unknown impact model "cubic"; expected one of none, linear, sqrt',
    });
  });

  it('fill', () => {
    const book = new L2Book();
    book.asks.set(100, 5);
    const all = (_p: number, size: number) => size;
    for (const model of [l1FillModel, l2FillModel]) {
      expect(errorOf(() => model.take(book, 'buy', -1, undefined, all))).toEqual({ field: 'qty', message: 'qty must be a whole number of lots >= 0, got -1' });
      expect(errorOf(() => model.take(book, 'buy', 1.5, undefined, all))).toEqual({ field: 'qty', message: 'qty must be a whole number of lots >= 0, got 1.5' });
    }
    expect(errorOf(() => makeFillModel('l3' as FillModelName))).toEqual({ field: 'fill', message: 'unknown fill model "l3"; expected one of l1, l2' });
  });

  it('latency', () => {
    expect(errorOf(() => constantLatency(-1, 0))).toEqual({ field: 'latency.entryNs', message: 'latency.entryNs must be a whole number of ns >= 0, got -1' });
    expect(errorOf(() => constantLatency(0, 1.5))).toEqual({ field: 'latency.responseNs', message: 'latency.responseNs must be a whole number of ns >= 0, got 1.5' });
    expect(errorOf(() => uniformLatency(-1, 5))).toEqual({ field: 'latency.min', message: 'latency.min must be a whole number of ns >= 0, got -1' });
    expect(errorOf(() => uniformLatency(0, Number.NaN))).toEqual({ field: 'latency.max', message: 'latency.max must be a whole number of ns >= 0, got NaN' });
    expect(errorOf(() => uniformLatency(5, 3))).toEqual({ field: 'latency.max', message: 'latency.max (3) must be >= latency.min (5)' });
    expect(errorOf(() => normalLatency(-1, 1))).toEqual({ field: 'latency.mean', message: 'latency.mean must be a finite number >= 0, got -1' });
    expect(errorOf(() => normalLatency(1, Number.NaN))).toEqual({ field: 'latency.sd', message: 'latency.sd must be a finite number >= 0, got NaN' });
    expect(errorOf(() => lognormalLatency(0, 1))).toEqual({ field: 'latency.median', message: 'latency.median must be a finite number > 0, got 0' });
    expect(errorOf(() => lognormalLatency(1, -0.5))).toEqual({ field: 'latency.sigma', message: 'latency.sigma must be a finite number >= 0, got -0.5' });
    expect(errorOf(() => makeLatencyModel({ name: 'fixed' } as unknown as LatencyModelConfig))).toEqual({
      field: 'latency.name',
      message: 'unknown latency model "fixed"; expected one of constant, uniform, normal, lognormal',
    });
  });

  it('model config', () => {
    expect(errorOf(() => withPreset('brave' as PresetName))).toEqual({
      field: 'preset',
      message: 'unknown preset "brave"; expected one of pessimistic, base, optimistic',
    });
    // The message is zod's, after the field; a misspelt key is named after it, so the user sees
    // which key to fix.
    const zodSays = (schema: z.ZodType, v: unknown) => schema.safeParse(v).error!.issues[0].message;
    expect(errorOf(() => parseModelConfig({ fill: 'l2', latncy: {} }))).toEqual({
      field: 'models',
      message: `models: ${zodSays(z.strictObject({}), { latncy: {} })}: latncy`,
    });
    expect(errorOf(() => parseModelConfig({ queue: { name: 'power', n: 2, m: 1, k: 3 } }))).toEqual({
      field: 'models.queue',
      message: `models.queue: ${zodSays(z.strictObject({}), { m: 1, k: 3 })}: m, k`,
    });
    expect(errorOf(() => parseModelConfig({ latency: { name: 'normal', mean: 1, sd: -1 } }))).toEqual({
      field: 'models.latency.sd',
      message: `models.latency.sd: ${zodSays(z.number().nonnegative(), -1)}`,
    });
    // With no prefix and a problem at the root, the field is still named.
    expect(errorOf(() => parseModelConfig('l2', '')).field).toBe('models');
    expect(errorOf(() => parseModelConfig({ fill: 'l3' }, '')).field).toBe('fill');
  });
});

describe('model config parsing at its edges', () => {
  it('money text that is not a number is refused as a config error, not a crash of the decimal library', () => {
    expect(errorOf(() => parseModelConfig({ fees: { name: 'bps', makerBps: 'abc', takerBps: 1 } }))).toEqual({
      field: 'models.fees.makerBps',
      message: 'models.fees.makerBps: expected a decimal number >= 0 such as 0.005',
    });
  });

  it('a uniform latency may have max equal to min, not below it', () => {
    expect(parseModelConfig({ latency: { name: 'uniform', min: 5, max: 5 } }).latency).toEqual({ name: 'uniform', min: 5, max: 5 });
    expect(errorOf(() => parseModelConfig({ latency: { name: 'uniform', min: 5, max: 4 } }))).toEqual({
      field: 'models.latency.max',
      message: 'models.latency.max: must be >= min',
    });
  });
});

describe('impact memory at its edges', () => {
  const S = 1_000_000_000n;

  it('a coefficient of 0 is allowed and moves no price', () => {
    expect(linearImpactModel(0).priceImpactTicks(1000, 1, 50)).toBe(0);
    expect(sqrtImpactModel(0).priceImpactTicks(1000, 1, 50)).toBe(0);
  });

  it('a clock that steps back neither grows nor decays what was taken', () => {
    const m = linearImpactModel();
    m.consume('buy', 100, 4, 10n * S);
    // Asked 5 s before the take: still 4 consumed (2^5 times more would leave nothing).
    expect(m.available('buy', 100, 20, 5n * S)).toBe(16);
    // A second take stamped 5 s earlier folds in at 4 + 4 = 8, still as of 10 s.
    m.consume('buy', 100, 4, 5n * S);
    expect(m.available('buy', 100, 20, 10n * S)).toBe(12);
    expect(m.available('buy', 100, 20, 11n * S)).toBe(16); // 8 / 2 = 4
  });

  it('what has all but decayed is forgotten, so the level comes back whole', () => {
    const m = linearImpactModel();
    m.consume('sell', 100, 1, 0n);
    // After 20 half-lives a millionth of a lot is still remembered, and costs the whole lot.
    expect(m.available('sell', 100, 10, 20n * S)).toBe(9);
    // After 40, 2^-40 of a lot is float residue, far below any real size: forgotten.
    expect(m.available('sell', 100, 10, 40n * S)).toBe(10);
  });

  it('sqrt takes the configured half-life', () => {
    const m = makeImpactModel({ name: 'sqrt', halfLifeNs: 2e9 });
    m.consume('buy', 100, 4, 0n);
    expect(m.available('buy', 100, 10, 2n * S)).toBe(8); // 4 / 2 = 2 after one 2 s half-life
    const l = makeImpactModel({ name: 'linear', halfLifeNs: 4e9 });
    l.consume('buy', 100, 4, 0n);
    expect(l.available('buy', 100, 10, 4n * S)).toBe(8);
  });

  it('keeps every recent take when the memory is swept of decayed ones', () => {
    const m = linearImpactModel();
    // A thousand and more levels taken at once: the sweep runs and must keep them all.
    for (let p = 1; p <= 1100; p++) m.consume('buy', p, 1, 0n);
    expect(m.available('buy', 5, 10, 0n)).toBe(9);
    expect(m.available('buy', 1100, 10, 0n)).toBe(9);
    // Long after, they have all refilled, and new takes are remembered as before.
    for (let p = 2001; p <= 3100; p++) m.consume('buy', p, 2, 100n * S);
    expect(m.available('buy', 5, 10, 100n * S)).toBe(10);
    expect(m.available('buy', 2500, 10, 100n * S)).toBe(8);
  });
});

describe('fill models at their edges', () => {
  const all = (_p: number, size: number) => size;

  it('l1 takes nothing beyond the limit, and nothing from an empty side', () => {
    const book = new L2Book();
    book.asks.set(100, 5);
    book.bids.set(98, 5);
    expect(l1FillModel.take(book, 'buy', 3, 99, all)).toEqual([]);
    expect(l1FillModel.take(book, 'sell', 3, 99, all)).toEqual([]);
    expect(l1FillModel.take(book, 'buy', 3, 100, all)).toEqual([{ price: 100, qty: 3 }]);
    expect(l1FillModel.take(new L2Book(), 'buy', 3, undefined, () => 7)).toEqual([]);
    expect(l2FillModel.take(new L2Book(), 'buy', 3, undefined, () => 7)).toEqual([]);
  });

  it('a level the impact memory says is used up, or a nonsense answer, gives nothing and the walk goes on', () => {
    const book = new L2Book();
    book.asks.set(100, 5);
    book.asks.set(101, 5);
    const answers = new Map([
      [100, Number.NaN],
      [101, 2.7],
    ]);
    expect(l2FillModel.take(book, 'buy', 4, undefined, (p) => answers.get(p)!)).toEqual([{ price: 101, qty: 2 }]);
    expect(l2FillModel.take(book, 'buy', 4, undefined, (p) => (p === 100 ? -3 : 1))).toEqual([{ price: 101, qty: 1 }]);
    expect(l1FillModel.take(book, 'buy', 4, undefined, () => -3)).toEqual([]);
  });
});

describe('market stats at their edges', () => {
  it('volume asked for before the last trade is that volume, not grown', () => {
    const s = new MarketStats();
    s.onTrade(100, 8, 60_000_000_000n);
    expect(s.recentVolume(0n)).toBe(8);
    expect(s.recentVolume(60_000_000_000n)).toBe(8);
  });
});
