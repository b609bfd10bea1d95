import { describe, it, expect } from 'vitest';
import { ValueError } from '../model/errors.js';
import { L2Book } from '../book/l2-book.js';
import { SeededRandom } from '../random/seeded-random.js';
import { isL3QueueModel } from './l3-queue.js';
import { MODEL_PRESETS, PRESET_NAMES, makeModels, parseModelConfig, withPreset, type ModelConfig } from './model-config.js';

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    return (e as ValueError).field;
  }
  throw new Error('expected a ValueError');
}

const DEFAULTS: ModelConfig = {
  fill: 'l2',
  queue: { name: 'risk-averse' },
  impact: { name: 'none' },
  latency: { name: 'constant', entryNs: 0, responseNs: 0 },
  fees: { name: 'none' },
};

describe('parseModelConfig', () => {
  it('fills every default', () => {
    expect(parseModelConfig(undefined)).toEqual(DEFAULTS);
    expect(parseModelConfig({})).toEqual(DEFAULTS);
  });

  it('fills model parameters so the parsed config states every assumption', () => {
    const c = parseModelConfig({
      fill: 'l1',
      queue: { name: 'power' },
      impact: { name: 'sqrt' },
      latency: { name: 'lognormal', median: 2e6, sigma: 0.4 },
      fees: { name: 'per-share' },
    });
    expect(c).toEqual({
      fill: 'l1',
      queue: { name: 'power', n: 2 },
      impact: { name: 'sqrt', halfLifeNs: 1e9, y: 1 },
      latency: { name: 'lognormal', median: 2e6, sigma: 0.4 },
      fees: { name: 'per-share', perShare: '0.005', min: '1', max: '10' },
    });
    expect(parseModelConfig({ impact: { name: 'linear', k: 0.5, halfLifeNs: 2e8 } }).impact).toEqual({ name: 'linear', k: 0.5, halfLifeNs: 2e8 });
    expect(parseModelConfig({ fees: { name: 'percent' } }).fees).toEqual({ name: 'percent', rate: '0.1', min: '0.5' });
  });

  it('keeps money parameters as normalised decimal text', () => {
    expect(parseModelConfig({ fees: { name: 'bps', makerBps: 0.1, takerBps: '2.50' } }).fees).toEqual({ name: 'bps', makerBps: '0.1', takerBps: '2.5' });
    expect(parseModelConfig({ fees: { name: 'per-share', perShare: 1e-7 } }).fees).toMatchObject({ perShare: '0.0000001' });
  });

  it('names the path of the first bad value', () => {
    expect(fieldOf(() => parseModelConfig({ fill: 'l4' }))).toBe('models.fill');
    expect(fieldOf(() => parseModelConfig({ queue: { name: 'bogus' } }))).toBe('models.queue.name');
    expect(fieldOf(() => parseModelConfig({ queue: { name: 'power', n: -1 } }))).toBe('models.queue.n');
    expect(fieldOf(() => parseModelConfig({ latency: { name: 'uniform', min: 5, max: 3 } }))).toBe('models.latency.max');
    expect(fieldOf(() => parseModelConfig({ latency: { name: 'constant', entryNs: 1.5, responseNs: 0 } }))).toBe('models.latency.entryNs');
    expect(fieldOf(() => parseModelConfig({ latency: { name: 'normal', mean: 1 } }))).toBe('models.latency.sd');
    expect(fieldOf(() => parseModelConfig({ fees: { name: 'per-share', min: 'x' } }))).toBe('models.fees.min');
    expect(fieldOf(() => parseModelConfig({ fees: { name: 'per-share', min: 5, max: 2 } }))).toBe('models.fees.max');
    expect(fieldOf(() => parseModelConfig({ fees: { name: 'bps', makerBps: -1, takerBps: 1 } }))).toBe('models.fees.makerBps');
    expect(fieldOf(() => parseModelConfig({ impact: { name: 'linear', halfLifeNs: 0 } }))).toBe('models.impact.halfLifeNs');
    expect(fieldOf(() => parseModelConfig(5))).toBe('models');
    expect(fieldOf(() => parseModelConfig({ fill: 'x' }, 'venue.models'))).toBe('venue.models.fill');
  });

  it('rejects unknown keys instead of ignoring a misspelt parameter', () => {
    expect(fieldOf(() => parseModelConfig({ queue: { name: 'log', n: 3 } }))).toBe('models.queue');
    expect(fieldOf(() => parseModelConfig({ fil: 'l1' }))).toBe('models');
    expect(() => parseModelConfig({ impact: { name: 'linear', y: 1 } })).toThrow(/y/);
  });
});

describe('presets', () => {
  it('state the band from harshest to kindest', () => {
    expect(PRESET_NAMES).toEqual(['pessimistic', 'base', 'optimistic']);
    expect(MODEL_PRESETS.pessimistic).toEqual({
      queue: { name: 'risk-averse' },
      latency: { name: 'constant', entryNs: 5_000_000, responseNs: 5_000_000 }, // 5 ms each way
      impact: { name: 'sqrt', halfLifeNs: 1e9, y: 1 },
    });
    expect(MODEL_PRESETS.base).toEqual({
      queue: { name: 'power', n: 2 },
      latency: { name: 'constant', entryNs: 1_000_000, responseNs: 1_000_000 }, // 1 ms each way
      impact: { name: 'linear', halfLifeNs: 1e9, k: 1 },
    });
    expect(MODEL_PRESETS.optimistic).toEqual({
      queue: { name: 'log' },
      latency: { name: 'constant', entryNs: 0, responseNs: 0 },
      impact: { name: 'none' },
    });
  });

  it('are frozen, and withPreset keeps the venue fill and fees in a fresh object', () => {
    expect(Object.isFrozen(MODEL_PRESETS.base.queue)).toBe(true);
    const mine = parseModelConfig({ fill: 'l1', fees: { name: 'bps', makerBps: 0, takerBps: 3 } });
    const c = withPreset('pessimistic', mine);
    expect(c.fill).toBe('l1');
    expect(c.fees).toEqual({ name: 'bps', makerBps: '0', takerBps: '3' });
    expect(c.queue).toEqual({ name: 'risk-averse' });
    expect(c.impact.name).toBe('sqrt');
    expect(Object.isFrozen(c.latency)).toBe(false);
    expect(withPreset('optimistic')).toEqual({ ...DEFAULTS, queue: { name: 'log' } });
    expect(() => withPreset('wild' as 'base')).toThrow(ValueError);
  });
});

describe('makeModels', () => {
  it('builds working instances named as configured', () => {
    for (const name of PRESET_NAMES) {
      const c = withPreset(name, parseModelConfig({ fees: { name: 'per-share' } }));
      const m = makeModels(c);
      expect([m.fill.name, m.queue?.name, m.impact.name, m.latency.name, m.fees.name]).toEqual([c.fill, c.queue.name, c.impact.name, c.latency.name, 'per-share']);
      const book = new L2Book();
      book.asks.set(100, 5);
      expect(m.fill.take(book, 'buy', 3, undefined, (p, s) => m.impact.available('buy', p, s, 0n))).toEqual([{ price: 100, qty: 3 }]);
      expect(m.latency.entryNs(new SeededRandom(1))).toBe(BigInt(c.latency.name === 'constant' ? c.latency.entryNs : -1));
    }
  });

  it('builds exact FIFO as an order-level queue of its own, fresh per run, knowing the data\'s window', () => {
    const config = parseModelConfig({ queue: { name: 'fifo' } });
    const a = makeModels(config, { visibleLevels: 5 }).queue;
    const b = makeModels(config).queue;
    expect(isL3QueueModel(a) && isL3QueueModel(b)).toBe(true);
    expect(a).not.toBe(b);
    expect(isL3QueueModel(a) ? [a.name, a.visibleLevels] : []).toEqual(['fifo', 5]);
    expect(isL3QueueModel(b) ? b.visibleLevels : 0).toBeUndefined();
    expect(isL3QueueModel(makeModels(parseModelConfig({ queue: { name: 'log' } })).queue)).toBe(false);
  });

  it('refuses fill "l3", pointing at the fifo queue', () => {
    expect(() => parseModelConfig({ fill: 'l3' })).toThrow(/models\.fill: "l3" is not a fill model.*queue "fifo"/);
    expect(fieldOf(() => parseModelConfig({ fill: 'l3' }))).toBe('models.fill');
  });
});
