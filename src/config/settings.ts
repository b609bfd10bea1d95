import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { InputError } from '../errors.js';

/**
 * Settings resolve in one order everywhere: command-line flag > environment variable >
 * config file > built-in default. The config file is JSON at <config dir>/config.json.
 */
const userPaths = envPaths('vtrade', { suffix: '' });

export function configDir(): string {
  return process.env.VTRADE_CONFIG_DIR ?? userPaths.config;
}

/** Where vtrade keeps its own files (databases, caches) unless a flag says otherwise. */
export function dataHome(): string {
  return process.env.VTRADE_HOME ?? userPaths.data;
}

export function configFilePath(): string {
  return process.env.VTRADE_CONFIG ?? join(configDir(), 'config.json');
}

let cached: { path: string; values: Record<string, unknown> } | undefined;

export function loadConfig(): Record<string, unknown> {
  const path = configFilePath();
  if (cached?.path === path) return cached.values;
  let values: Record<string, unknown> = {};
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      values = parsed as Record<string, unknown>;
    } catch (err) {
      throw new InputError(path, undefined, undefined, `config file is not a JSON object (${(err as Error).message})`, 'fix or remove the file');
    }
  }
  cached = { path, values };
  return values;
}

/** flag > env > config file (dotted key) > default. */
export function resolveSetting<T>(flag: T | undefined, envName: string, configKey: string, fallback: T, parse: (s: string) => T): T {
  if (flag !== undefined) return flag;
  const env = process.env[envName];
  if (env !== undefined && env !== '') return parse(env);
  let node: unknown = loadConfig();
  for (const part of configKey.split('.')) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (node !== undefined) return typeof node === 'string' ? parse(node) : (node as T);
  return fallback;
}
