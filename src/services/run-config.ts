import { z } from 'zod';
import { parseModelConfig, type ModelConfig } from '../engine/exchange/model-config.js';
import { ValueError } from '../engine/model/errors.js';

/**
 * Everything that decides a run besides the data, the strategy and the seed. Parsing fills in
 * every default, so the parsed config written to manifest.json states every assumption.
 */
const runSchema = z.strictObject({
  models: z.unknown().optional(),
  startingCash: z.string().regex(/^\d+(\.\d+)?$/, 'expected decimal text such as "100000"').default('100000'),
  feedLatency: z.union([z.literal('data'), z.strictObject({ constantNs: z.number().int().nonnegative() })]).default('data'),
  risk: z
    .strictObject({
      leverage: z.number().positive().optional(),
      maxPositionFraction: z.number().positive().optional(),
      locate: z.array(z.string()).default([]),
      allowShort: z.boolean().optional(),
    })
    .default({ locate: [] }),
  session: z.strictObject({ preMarket: z.boolean().default(false), afterHours: z.boolean().default(false) }).default({ preMarket: false, afterHours: false }),
  navIntervalMs: z.number().int().positive().default(1000),
  gtcDays: z.number().int().positive().default(90),
  params: z.record(z.string(), z.unknown()).default({}),
});

export type RunConfig = Omit<z.output<typeof runSchema>, 'models'> & { models: ModelConfig };

export function parseRunConfig(input: unknown): RunConfig {
  const r = runSchema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.join('.') || '(root)';
    throw new ValueError(path, `${path}: ${issue.message}`);
  }
  return { ...r.data, models: parseModelConfig(r.data.models) };
}
