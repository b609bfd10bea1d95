import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Strategy, StrategyContext, StrategyModule } from '../engine/strategy.js';
import { InputError, VtradeError } from '../errors.js';

/** A strategy threw: exit code 4, so CI can tell a broken strategy from a failed assertion. */
export class StrategyError extends VtradeError {
  constructor(message: string) {
    super(message, 4, 'fix the strategy; the message above says where it threw');
    this.name = 'StrategyError';
  }
}

const CALLBACKS = ['onStart', 'onBook', 'onTrade', 'onOrderUpdate', 'onFill', 'onTimer', 'onEnd'] as const;

/** Loads a strategy file (.ts or .js) by path: its default export, an object or a factory. */
export async function loadStrategy(path: string, params: Record<string, unknown>): Promise<Strategy> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError(path, undefined, undefined, 'no such strategy file');
  if (/\.[cm]?ts$/.test(abs)) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  let mod: { default?: StrategyModule };
  try {
    mod = (await import(pathToFileURL(abs).href)) as { default?: StrategyModule };
  } catch (err) {
    throw new InputError(path, undefined, undefined, `the strategy does not load: ${(err as Error).message}`);
  }
  const exported = mod.default;
  const strategy = typeof exported === 'function' ? exported(params) : exported;
  if (!strategy || typeof strategy !== 'object') {
    throw new InputError(path, undefined, 'default export', 'export default a strategy object or a function (params) => strategy');
  }
  return guard(strategy, path);
}

/** Wraps every callback so an exception in it is reported as the strategy's, with its name. */
export function guard(strategy: Strategy, path: string): Strategy {
  const wrapped: Strategy = {};
  for (const name of CALLBACKS) {
    const fn = strategy[name] as ((ctx: StrategyContext, ...a: unknown[]) => void) | undefined;
    if (!fn) continue;
    (wrapped as Record<string, unknown>)[name] = (ctx: StrategyContext, ...rest: unknown[]) => {
      try {
        fn.call(strategy, ctx, ...rest);
      } catch (err) {
        if (err instanceof StrategyError) throw err;
        throw new StrategyError(`${path}: ${name} threw: ${(err as Error)?.message ?? String(err)}`);
      }
    };
  }
  return wrapped;
}
