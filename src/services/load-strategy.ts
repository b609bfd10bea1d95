import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Strategy, StrategyContext } from '../engine/strategy.js';
import { ExitCode, InputError, VtradeError } from '../errors.js';
import { loadModule } from './compile-strategy.js';

/** A strategy threw: exit code 4, so CI can tell a broken strategy from a failed assertion. */
export class StrategyError extends VtradeError {
  constructor(message: string) {
    super(message, ExitCode.StrategyThrew, 'fix the strategy; the message above says where it threw');
    this.name = 'StrategyError';
  }
}

const CALLBACKS = ['onStart', 'onBook', 'onTrade', 'onOrderUpdate', 'onFill', 'onTimer', 'onEnd'] as const;

/** Where a strategy's code lives: the path as the user gave it, and its own files (absolute). */
interface Origin {
  path: string;
  abs: string;
  sources: readonly string[];
}

/**
 * Loads a strategy file (.ts or .js) by path: its default export, an object or a factory. Each
 * call compiles and runs a fresh copy (see compile-strategy.ts), so the runs of a --band share
 * no module state. Whatever throws, at load, in the factory or in a callback, is reported at the
 * strategy's own file, line and column, with its own frames.
 */
export async function loadStrategy(path: string, params: Record<string, unknown>): Promise<Strategy> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError(path, undefined, undefined, 'no such strategy file');
  let loaded;
  try {
    loaded = await loadModule(path, abs);
  } catch (err) {
    if (err instanceof VtradeError) throw err;
    throw threw(err, 'threw at load', { path, abs, sources: [abs] });
  }
  const origin: Origin = { path, abs, sources: loaded.sources };
  // esbuild marks a compiled ES module with __esModule; a CommonJS strategy is its module.exports.
  const exports = loaded.exports as { __esModule?: unknown; default?: unknown } | null;
  const exported = exports !== null && typeof exports === 'object' && exports.__esModule === true ? exports.default : exports;
  let strategy: unknown = exported;
  if (typeof exported === 'function') {
    try {
      strategy = (exported as (p: Readonly<Record<string, unknown>>) => unknown)(params);
    } catch (err) {
      throw threw(err, 'the factory threw', origin);
    }
  }
  if (!strategy || typeof strategy !== 'object') {
    throw new InputError(path, undefined, 'default export', 'export default a strategy object or a function (params) => strategy');
  }
  return guard(strategy, path, origin.abs, origin.sources);
}

/**
 * Wraps every callback so an exception in it is reported as the strategy's: its name, where in
 * the strategy's code it threw (file, line and column), and the strategy's own frames, innermost
 * first.
 */
export function guard(strategy: Strategy, path: string, abs = resolve(path), sources: readonly string[] = [abs]): Strategy {
  const origin: Origin = { path, abs, sources };
  const wrapped: Strategy = {};
  for (const name of CALLBACKS) {
    const fn = (strategy[name] as ((ctx: StrategyContext, ...a: unknown[]) => void) | undefined)?.bind(strategy);
    if (!fn) continue;
    (wrapped as Record<string, unknown>)[name] = (ctx: StrategyContext, ...rest: unknown[]) => {
      try {
        fn(ctx, ...rest);
      } catch (err) {
        if (err instanceof StrategyError) throw err;
        throw threw(err, `${name} threw`, origin);
      }
    };
  }
  return wrapped;
}

/** "file:line:col: what threw: message" and the strategy's frames below it. */
function threw(err: unknown, what: string, origin: Origin): StrategyError {
  const frames = strategyFrames(err, origin.sources);
  const show = (f: StrategyFrame) => `${f.file === origin.abs ? origin.path : relative(process.cwd(), f.file)}:${f.line}:${f.column}`;
  const at = frames.length > 0 ? show(frames[0]) : origin.path;
  const trace = frames.map((f) => `\n    at ${f.fn} (${show(f)})`).join('');
  return new StrategyError(`${at}: ${what}: ${(err as Error)?.message ?? String(err)}${trace}`);
}

export interface StrategyFrame {
  fn: string;
  /** Absolute path of the strategy's file the frame runs in. */
  file: string;
  line: number;
  column: number;
}

/**
 * The frames of an error's stack that run in the strategy's own files, innermost first. Node
 * maps them through the compiled strategy's source map, so line and column are the source's.
 */
export function strategyFrames(err: unknown, sources: readonly string[]): StrategyFrame[] {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const byLocation = new Map<string, string>();
  for (const file of sources) {
    byLocation.set(file, file);
    byLocation.set(pathToFileURL(file).href, file);
  }
  const out: StrategyFrame[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const file = byLocation.get(m[2]);
    if (file === undefined) continue;
    const fn = (m[1] ?? '<anonymous>').replace(/^(Object|Module)\./, '');
    out.push({ fn, file, line: Number(m[3]), column: Number(m[4]) });
  }
  return out;
}
