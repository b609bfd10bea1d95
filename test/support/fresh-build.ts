import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run-cli.js';

/** The newest modification time among the files the build reads, and which file that is. */
function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: join(repoRoot, 'tsconfig.json'), mtimeMs: statSync(join(repoRoot, 'tsconfig.json')).mtimeMs };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|json)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const mtimeMs = statSync(path).mtimeMs;
        if (mtimeMs > newest.mtimeMs) newest = { file: path, mtimeMs };
      }
    }
  };
  walk(join(repoRoot, 'src'));
  return newest;
}

/**
 * Vitest global setup. bin/vtrade runs dist/ when it exists, so a test that runs the CLI would
 * otherwise test whatever was built last: a test file run on its own after an edit could pass
 * against the old code. Before any test runs, a dist/ older than a source file is rebuilt, once
 * for the whole run. Running the source instead (VTRADE_FROM_SOURCE=1) would be always fresh,
 * but each CLI start then compiles the source again, several times slower than the build, and
 * some test files start the CLI hundreds of times; and the shipped CLI is what users run.
 * Without a dist/ (a fresh sandbox) bin/vtrade runs the source and nothing needs building.
 */
export default function setup(): void {
  const built = join(repoRoot, 'dist', 'main.js');
  if (!existsSync(built)) return;
  const before = statSync(built).mtimeMs;
  const newest = newestSource();
  if (newest.mtimeMs <= before) return;
  process.stderr.write(`dist/ is older than ${newest.file.slice(repoRoot.length + 1)}: building before the tests\n`);
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: repoRoot, encoding: 'utf8' });
  // tsc writes its output even when it finds type errors: the build is then as fresh as the
  // source, and the type errors are the typecheck's to report. Only a build that wrote nothing
  // leaves dist/ stale, and that stops the run.
  if (statSync(built).mtimeMs <= before) {
    throw new Error(`the build did not refresh dist/ (tsc exit ${String(r.status)}):\n${r.stdout}${r.stderr}`);
  }
  if (r.status !== 0) process.stderr.write(`tsc reported errors; dist/ was written anyway:\n${r.stdout}`);
}
