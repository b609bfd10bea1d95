import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { ValueError } from '../model/errors.js';
import {
  DEFAULT_PERCENT_MIN,
  DEFAULT_PERCENT_RATE,
  DEFAULT_PER_SHARE,
  DEFAULT_PER_SHARE_MAX,
  DEFAULT_PER_SHARE_MIN,
  makeFeeModel,
} from './fee-models.js';
import { FILL_MODEL_NAMES, makeFillModel } from './fill-models.js';
import { DEFAULT_HALF_LIFE_NS, DEFAULT_IMPACT_K, DEFAULT_IMPACT_Y, makeImpactModel } from './impact-models.js';
import { makeLatencyModel } from './latency-models.js';
import type { FeeModel, FillModel, ImpactModel, LatencyModel, QueueModel } from './models.js';
import { fifoQueueModel, type L3QueueModel } from './l3-queue.js';
import { DEFAULT_POWER_N, makeQueueModel } from './queue-models.js';

/**
 * The venue's model choices as one config object. Parsing fills in every default, so the parsed
 * config states every assumption in full and can be printed in a run's report as it stands.
 * Objects are strict: a misspelt parameter is an error, not a silently ignored default.
 */

const wholeNs = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative();

/** A money parameter: a number or exact decimal text, kept as normalised decimal text. */
const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
const money = z
  .union([nonNegative, z.string().regex(DECIMAL_TEXT, 'expected a decimal number >= 0 such as 0.005')])
  // zod still runs the transform after a failed pattern check (and reports that check), so it
  // must not throw on text that is not a number.
  .transform((v) => (typeof v === 'number' || DECIMAL_TEXT.test(v) ? new Decimal(v).toFixed() : v));

const queueSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('risk-averse') }),
  z.strictObject({ name: z.literal('power'), n: z.number().positive().default(DEFAULT_POWER_N) }),
  z.strictObject({ name: z.literal('log') }),
  z.strictObject({ name: z.literal('fifo') }),
]);

const halfLifeNs = z.number().positive().default(DEFAULT_HALF_LIFE_NS);
const impactSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('none') }),
  z.strictObject({ name: z.literal('linear'), halfLifeNs, k: nonNegative.default(DEFAULT_IMPACT_K) }),
  z.strictObject({ name: z.literal('sqrt'), halfLifeNs, y: nonNegative.default(DEFAULT_IMPACT_Y) }),
]);

const latencySchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('constant'), entryNs: wholeNs, responseNs: wholeNs }),
  z
    .strictObject({ name: z.literal('uniform'), min: wholeNs, max: wholeNs })
    .refine((c) => c.max >= c.min, { message: 'must be >= min', path: ['max'] }),
  z.strictObject({ name: z.literal('normal'), mean: nonNegative, sd: nonNegative }),
  z.strictObject({ name: z.literal('lognormal'), median: z.number().positive(), sigma: nonNegative }),
]);

const feeSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('none') }),
  z.strictObject({ name: z.literal('bps'), makerBps: money, takerBps: money }),
  z
    .strictObject({
      name: z.literal('per-share'),
      perShare: money.default(DEFAULT_PER_SHARE),
      min: money.default(DEFAULT_PER_SHARE_MIN),
      max: money.default(DEFAULT_PER_SHARE_MAX),
    })
    // Like the transform above, this runs even when min or max failed their own check.
    .refine((c) => !(DECIMAL_TEXT.test(c.min) && DECIMAL_TEXT.test(c.max)) || !new Decimal(c.max).lessThan(c.min), {
      message: 'must be >= min',
      path: ['max'],
    }),
  z.strictObject({ name: z.literal('percent'), rate: money.default(DEFAULT_PERCENT_RATE), min: money.default(DEFAULT_PERCENT_MIN) }),
]);

/**
 * 'l3' was once a fill model that took exactly like 'l2': taking liquidity is the same book walk
 * on order-level data, and what order-level data changes is the queue (queue 'fifo'). It is
 * refused with that advice rather than accepted as a name that does nothing.
 */
const fillSchema = z.string().superRefine((v, ctx) => {
  if ((FILL_MODEL_NAMES as readonly string[]).includes(v)) return;
  const hint = v === 'l3' ? '"l3" is not a fill model: taking is the same walk on order-level data; exact order-level queues are queue "fifo"' : `expected one of ${FILL_MODEL_NAMES.map((n) => `"${n}"`).join(', ')}`;
  ctx.addIssue({ code: 'custom', message: hint });
}) as unknown as z.ZodType<(typeof FILL_MODEL_NAMES)[number], string>;

export const modelConfigSchema = z.strictObject({
  fill: fillSchema.default('l2'),
  queue: queueSchema.default({ name: 'risk-averse' }),
  impact: impactSchema.default({ name: 'none' }),
  latency: latencySchema.default({ name: 'constant', entryNs: 0, responseNs: 0 }),
  fees: feeSchema.default({ name: 'none' }),
});

export type ModelConfig = z.output<typeof modelConfigSchema>;
/** What a user may write: every field optional, money as number or text. */
export type ModelConfigInput = z.input<typeof modelConfigSchema>;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Validates a models config and fills in its defaults. `undefined` means all defaults.
 * Throws ValueError whose field is the path of the first bad value, prefixed by `at`
 * (for example "models.latency.sd").
 */
export function parseModelConfig(input: unknown, at = 'models'): ModelConfig {
  const result = modelConfigSchema.safeParse(input === undefined ? {} : input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const rel = pathText(issue.path);
  const field = [at, rel].filter((s) => s !== '').join('.') || 'models';
  const extra = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
  throw new ValueError(field, `${field}: ${issue.message}${extra}`);
}

/** The three points of a backtest band, from the harshest assumptions to the kindest. */
export const PRESET_NAMES = ['pessimistic', 'base', 'optimistic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const MS = 1_000_000;

/** What a preset decides; fill and fees belong to the venue and stay as configured. */
export type PresetModels = Pick<ModelConfig, 'queue' | 'impact' | 'latency'>;

function preset(models: Pick<ModelConfigInput, 'queue' | 'impact' | 'latency'>): PresetModels {
  const { queue, impact, latency } = parseModelConfig(models);
  return deepFreeze({ queue, impact, latency });
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

export const MODEL_PRESETS: Readonly<Record<PresetName, PresetModels>> = Object.freeze({
  pessimistic: preset({
    queue: { name: 'risk-averse' },
    latency: { name: 'constant', entryNs: 5 * MS, responseNs: 5 * MS },
    impact: { name: 'sqrt' },
  }),
  base: preset({
    queue: { name: 'power', n: 2 },
    latency: { name: 'constant', entryNs: 1 * MS, responseNs: 1 * MS },
    impact: { name: 'linear' },
  }),
  optimistic: preset({
    queue: { name: 'log' },
    latency: { name: 'constant', entryNs: 0, responseNs: 0 },
    impact: { name: 'none' },
  }),
});

/** `config` (default: all defaults) with the preset's queue, impact and latency; a fresh object. */
export function withPreset(name: PresetName, config: ModelConfig = parseModelConfig(undefined)): ModelConfig {
  const p = MODEL_PRESETS[name];
  if (p === undefined) {
    throw new ValueError('preset', `unknown preset "${String(name)}"; expected one of ${PRESET_NAMES.join(', ')}`);
  }
  return { ...config, queue: { ...p.queue }, impact: { ...p.impact }, latency: { ...p.latency } };
}

/** The model instances a venue runs with. */
export interface ConfiguredModels {
  fill: FillModel;
  queue: QueueModel | L3QueueModel;
  impact: ImpactModel;
  latency: LatencyModel;
  fees: FeeModel;
}

/** What the data tells the models: book levels per side it shows (LOBSTER's N), none for the whole book. */
export interface DataShape {
  visibleLevels?: number;
}

/** Builds fresh model instances (impact memory and FIFO queues are per run) from a parsed config. */
export function makeModels(config: ModelConfig, data: DataShape = {}): ConfiguredModels {
  return {
    fill: makeFillModel(config.fill),
    queue: config.queue.name === 'fifo' ? fifoQueueModel({ visibleLevels: data.visibleLevels }) : makeQueueModel(config.queue),
    impact: makeImpactModel(config.impact),
    latency: makeLatencyModel(config.latency),
    fees: makeFeeModel(config.fees),
  };
}
