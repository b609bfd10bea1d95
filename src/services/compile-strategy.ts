import Module from 'node:module';
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildFailure, Message } from 'esbuild';
import { InputError } from '../errors.js';

/** A strategy compiled to one CommonJS module, with an inline source map back to its files. */
interface Compiled {
  code: string;
  /** The strategy's own files (the entry and the relative imports bundled with it), absolute. */
  sources: string[];
}

/** The strategy's own code, loaded afresh: its exports and the files its frames may name. */
export interface LoadedModule {
  exports: unknown;
  sources: string[];
}

// One compile per file version per process: a sweep or a --band loads the same strategy many times.
const cache = new Map<string, { stamp: string; compiled: Compiled }>();

/**
 * Compiles a strategy file (.ts, .js, .mts, ...) and runs it as a fresh module.
 *
 * Why not import() or tsx: a strategy usually lives outside any package that says
 * "type": "module", where Node takes its `export default` for CommonJS and refuses it, and
 * tsx's answer (a minified data: URL without a source map) loses every line and column. So
 * esbuild bundles the file with its relative imports (packages stay imports, resolved from the
 * strategy's folder) into CommonJS with an inline source map, and Node, told to apply source
 * maps, reports every frame at the strategy's own file, line and column, inside a module
 * package or not. A new Module per call keeps the runs of a --band from sharing state.
 * Top-level await has no CommonJS form: such a file is refused with its place.
 */
export async function loadModule(path: string, abs: string): Promise<LoadedModule> {
  const { code, sources } = await compile(path, abs);
  // Before the module compiles: Node reads its source map then, and maps every stack it throws.
  process.setSourceMapsEnabled(true);
  const mod = new Module(abs);
  mod.filename = abs;
  // Packages resolve as a file in the strategy's folder would resolve them.
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(abs));
  (mod as unknown as { _compile(code: string, file: string): void })._compile(code, abs);
  return { exports: mod.exports, sources };
}

async function compile(path: string, abs: string): Promise<Compiled> {
  const st = statSync(abs);
  const stamp = `${st.mtimeMs}:${st.size}`;
  const hit = cache.get(abs);
  if (hit?.stamp === stamp) return hit.compiled;
  const { build } = await import('esbuild');
  const href = pathToFileURL(abs).href;
  let result;
  try {
    result = await build({
      entryPoints: [abs],
      absWorkingDir: dirname(abs),
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // Not written: outfile only places the source map's paths, relative to the strategy.
      outfile: abs,
      allowOverwrite: true,
      write: false,
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      define: { 'import.meta.url': JSON.stringify(href), 'import.meta.filename': JSON.stringify(abs), 'import.meta.dirname': JSON.stringify(dirname(abs)) },
    });
  } catch (err) {
    const first = (err as Partial<BuildFailure>).errors?.[0];
    if (!first) throw new InputError(path, undefined, undefined, `the strategy does not compile: ${(err as Error).message}`);
    throw compileError(path, abs, first);
  }
  const compiled = {
    code: result.outputFiles[0].text,
    sources: Object.keys(result.metafile.inputs).map((f) => resolve(dirname(abs), f)),
  };
  cache.set(abs, { stamp, compiled });
  return compiled;
}

/** esbuild's first error as "file:line:column: what", the column counted from 1 as in stacks. */
function compileError(path: string, abs: string, msg: Message): InputError {
  const loc = msg.location;
  if (!loc) return new InputError(path, undefined, undefined, `the strategy does not compile: ${msg.text}`);
  const file = resolve(dirname(abs), loc.file);
  const shown = file === abs ? path : relative(process.cwd(), file);
  const pointer = loc.lineText ? `\n    ${loc.lineText}\n    ${' '.repeat(loc.column)}^` : '';
  return new InputError(`${shown}:${loc.line}:${loc.column + 1}`, undefined, undefined, `the strategy does not compile: ${msg.text}${pointer}`);
}
