import { readFileSync, existsSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { ValueError } from '../engine/model/errors.js';
import { parseRunConfig, type RunConfig } from '../services/run-config.js';

export { withModelOptions, type ModelFlags } from './flag-sets.js';
import type { ModelFlags } from './flag-sets.js';

const UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s)?$/.exec(text);
  if (!m) throw new UsageError(`${flag} "${text}" is not a duration`, 'use 0, 250ns, 500us, 1ms or 2s');
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ns']);
}

function loadConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new InputError(path, undefined, undefined, 'no such config file');
  try {
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not a JSON object (${(err as Error).message})`);
  }
}

/** Config file, then flags on top, validated into a full RunConfig. `params` (from --param) go over the file's params. */
export function runConfigFromFlags(flags: ModelFlags, extra: Record<string, unknown> = {}, params: Record<string, unknown> = {}): RunConfig {
  const base = flags.config ? loadConfigFile(flags.config) : {};
  const models: Record<string, unknown> = { ...((base.models as Record<string, unknown>) ?? {}) };
  if (flags.fill) models.fill = flags.fill;
  if (flags.queue) {
    const [name, n] = flags.queue.split(':');
    models.queue = n !== undefined ? { name, n: Number(n) } : { name };
  }
  if (flags.impact) models.impact = { name: flags.impact };
  if (flags.latency) {
    const normal = /^normal:(\d+),(\d+)$/.exec(flags.latency);
    if (normal) models.latency = { name: 'normal', mean: Number(normal[1]), sd: Number(normal[2]) };
    else {
      const ns = parseDuration(flags.latency, '--latency');
      models.latency = { name: 'constant', entryNs: ns, responseNs: ns };
    }
  }
  if (flags.fees) {
    const [name, args] = flags.fees.split(':');
    if (name === 'bps') {
      const [maker, taker] = (args ?? '').split(',');
      models.fees = { name, makerBps: maker, takerBps: taker ?? maker };
    } else models.fees = { name };
  }
  const merged: Record<string, unknown> = { ...base, ...extra, models };
  if (Object.keys(params).length > 0) merged.params = { ...((merged.params) ?? {}), ...params };
  if (flags.cash !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(flags.cash) || Number(flags.cash) <= 0) {
      throw new UsageError(`--cash "${flags.cash}" is not an amount of money`, 'give a positive amount in the account currency, for example --cash 100000');
    }
    merged.startingCash = flags.cash;
  }
  if (flags.feedLatency) merged.feedLatency = flags.feedLatency === 'data' ? 'data' : { constantNs: parseDuration(flags.feedLatency, '--feed-latency') };
  try {
    return parseRunConfig(merged);
  } catch (err) {
    if (err instanceof ValueError) {
      throw new UsageError(`invalid run config: ${err.message}`, flags.config ? `check ${flags.config} and the model flags` : 'check the model flags');
    }
    throw err;
  }
}
