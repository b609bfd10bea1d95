import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeAtomically } from '../../data/atomic-file.js';
import { renderBenchmarkJson } from './benchmark-json.js';
import { renderGithubAnnotations, renderGithubSummary, SUMMARY_MAX_BYTES } from './github.js';
import { renderJunit } from './junit.js';
import type { SuiteResult } from './suite.js';

export const REPORTER_NAMES = ['junit', 'github', 'benchmark-json'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export interface ReporterSpec {
  name: ReporterName;
  /** Where the report goes; absent: a default name inside the run's --out folder. */
  path?: string;
}

/** Default file names inside the --out folder. */
export const DEFAULT_FILES: Readonly<Record<Exclude<ReporterName, 'github'>, string>> = {
  junit: 'junit.xml',
  'benchmark-json': 'benchmark.json',
};

/** `NAME` or `NAME=PATH`, as `--reporter` takes it. */
export function parseReporterSpec(text: string): ReporterSpec {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  const path = eq < 0 ? undefined : text.slice(eq + 1);
  if (!(REPORTER_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--reporter "${text}": unknown reporter "${name}"`, `use one of ${REPORTER_NAMES.join(', ')}, optionally NAME=PATH`);
  }
  if (path !== undefined && path.trim() === '') throw new UsageError(`--reporter "${text}": the path after "=" is empty`, `for example --reporter ${name}=reports/${name === 'github' ? 'summary.md' : DEFAULT_FILES[name as 'junit']}`);
  return path === undefined ? { name: name as ReporterName } : { name: name as ReporterName, path };
}

/**
 * Checks before any work is done that every report has somewhere to go and no two write the
 * same file. `github` without a path needs no folder: it writes to stderr and the job summary.
 */
export function validateReporterSpecs(specs: ReporterSpec[], outDir: string | undefined): void {
  const seen = new Map<string, ReporterSpec>();
  for (const s of specs) {
    const target = targetPath(s, outDir);
    if (target === null) continue;
    const key = resolve(target);
    const other = seen.get(key);
    if (other && !(other.name === s.name && other.path === s.path)) {
      throw new UsageError(`--reporter ${s.name} and --reporter ${other.name} would both write ${target}`, 'give one of them its own path: NAME=PATH');
    }
    seen.set(key, s);
  }
}

/** The file a reporter writes, null for `github` without a path; a usage error when it has none. */
function targetPath(s: ReporterSpec, outDir: string | undefined): string | null {
  if (s.path !== undefined) return s.path;
  if (s.name === 'github') return null;
  if (outDir === undefined) {
    throw new UsageError(`--reporter ${s.name} needs a file or an --out folder`, `--reporter ${s.name}=${DEFAULT_FILES[s.name]} or --out runs/`);
  }
  return join(outDir, DEFAULT_FILES[s.name]);
}

export interface ReportIo {
  /** Where `github` prints its annotations. */
  stderr: { write(text: string): unknown };
  /** Read for GITHUB_STEP_SUMMARY. */
  env: Record<string, string | undefined>;
}

/**
 * Writes every requested report; returns the files written. Each file is complete or absent
 * (temporary file, then rename). Call it after the run's own outputs are in `outDir`: those
 * replace the folder as a whole.
 *
 * `github` prints its workflow commands to stderr, never stdout, which may carry --json: the
 * Actions runner reads workflow commands from both streams. Its Markdown summary goes to PATH
 * when one is given, else it is appended to the file $GITHUB_STEP_SUMMARY names (when set),
 * within the 1 MiB GitHub allows a step's summary, counting what is there already.
 */
export async function writeReports(
  suite: SuiteResult,
  specs: ReporterSpec[],
  outDir: string | undefined,
  io: ReportIo = { stderr: process.stderr, env: process.env },
): Promise<string[]> {
  validateReporterSpecs(specs, outDir);
  const written: string[] = [];
  const write = async (path: string, text: string) => {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await writeAtomically(path, async (temp) => writeFileSync(temp, text));
    written.push(path);
  };
  for (const s of specs) {
    const target = targetPath(s, outDir);
    if (s.name === 'junit') await write(target!, renderJunit(suite));
    else if (s.name === 'benchmark-json') await write(target!, renderBenchmarkJson(suite));
    else {
      io.stderr.write(renderGithubAnnotations(suite));
      if (target !== null) await write(target, renderGithubSummary(suite));
      else appendStepSummary(suite, io.env.GITHUB_STEP_SUMMARY);
    }
  }
  return written;
}

function appendStepSummary(suite: SuiteResult, file: string | undefined): void {
  if (!file) return;
  let existing = 0;
  try {
    existing = statSync(file).size;
  } catch {
    // not there yet: the runner creates it on first write
  }
  // Earlier steps' text may not end in a line break; a blank line keeps the heading a heading.
  const sep = existing > 0 ? '\n' : '';
  const text = renderGithubSummary(suite, SUMMARY_MAX_BYTES - existing - sep.length);
  if (text !== '') appendFileSync(file, sep + text);
}
