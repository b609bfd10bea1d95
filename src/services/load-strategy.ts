import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Strategy, StrategyContext } from '../engine/strategy.js';
import { ExitCode, InputError, VtradeError } from '../errors.js';

/** A strategy threw: exit code 4, so CI can tell a broken strategy from a failed assertion. */
export class StrategyError extends VtradeError {
  constructor(message: string) {
    super(message, ExitCode.StrategyThrew, 'fix the strategy; the message above says where it threw');
    this.name = 'StrategyError';
  }
}

const CALLBACKS = ['onStart', 'onBook', 'onTrade', 'onOrderUpdate', 'onFill', 'onTimer', 'onEnd'] as const;

/**
 * Loads a strategy file (.ts or .js) by path: its default export, an object or a factory.
 *
 * tsImport rather than import(): a strategy usually lives outside this package, where no
 * package.json says "type": "module", and Node then takes its `export default` for CommonJS
 * and refuses it. tsImport compiles either way, and loads a fresh copy on every call, so the
 * runs of a --band share no module state.
 */
export async function loadStrategy(path: string, params: Record<string, unknown>): Promise<Strategy> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError(path, undefined, undefined, 'no such strategy file');
  let mod: { default?: unknown };
  try {
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(abs).href, import.meta.url)) as { default?: unknown };
  } catch (err) {
    throw new InputError(path, undefined, undefined, `the strategy does not load: ${(err as Error).message}`);
  }
  // Compiled as CommonJS, the module's exports object is the default; its own default is the strategy.
  let exported = mod.default;
  if (exported !== null && typeof exported === 'object' && (exported as { __esModule?: unknown }).__esModule === true) {
    exported = (exported as { default?: unknown }).default;
  }
  let strategy: unknown = exported;
  if (typeof exported === 'function') {
    try {
      strategy = (exported as (p: Readonly<Record<string, unknown>>) => unknown)(params);
    } catch (err) {
      throw new StrategyError(`${path}: the factory threw: ${(err as Error)?.message ?? String(err)}`);
    }
  }
  if (!strategy || typeof strategy !== 'object') {
    throw new InputError(path, undefined, 'default export', 'export default a strategy object or a function (params) => strategy');
  }
  return guard(strategy, path, abs);
}

/**
 * Wraps every callback so an exception in it is reported as the strategy's: its name, where in
 * the strategy file it threw (line and column), and the strategy's own frames, innermost first.
 */
export function guard(strategy: Strategy, path: string, abs = resolve(path)): Strategy {
  const wrapped: Strategy = {};
  for (const name of CALLBACKS) {
    const fn = (strategy[name] as ((ctx: StrategyContext, ...a: unknown[]) => void) | undefined)?.bind(strategy);
    if (!fn) continue;
    (wrapped as Record<string, unknown>)[name] = (ctx: StrategyContext, ...rest: unknown[]) => {
      try {
        fn(ctx, ...rest);
      } catch (err) {
        if (err instanceof StrategyError) throw err;
        const frames = strategyFrames(err, abs);
        const at = frames[0]?.where ? `${path}:${frames[0].where}` : path;
        const trace = frames.length > 0 ? `\n${frames.map((f) => `    at ${f.fn}${f.where ? ` (${path}:${f.where})` : ''}`).join('\n')}` : '';
        throw new StrategyError(`${at}: ${name} threw: ${(err as Error)?.message ?? String(err)}${trace}`);
      }
    };
  }
  return wrapped;
}

/**
 * The frames of an error's stack that run in the strategy file, innermost first, with line and
 * column where the stack has them (a strategy compiled from outside an ES module package only
 * names its functions).
 */
export function strategyFrames(err: unknown, abs: string): { fn: string; where?: string }[] {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const out: { fn: string; where?: string }[] = [];
  const href = pathToFileURL(abs).href;
  const encoded = encodeURIComponent(abs);
  for (const line of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:(.+?) \()?(.+?)\)?$/.exec(line);
    if (!m) continue;
    const fn = (m[1] ?? '<anonymous>').replace(/^Object\./, '');
    const loc = m[2];
    const pos = [abs, href].map((prefix) => new RegExp(`^${escapeRegExp(prefix)}:(\\d+):(\\d+)$`).exec(loc)).find((x) => x !== null);
    if (pos) out.push({ fn, where: `${pos[1]}:${pos[2]}` });
    else if (loc.startsWith('data:') && loc.includes(`filePath=${encoded}`)) out.push({ fn });
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
