import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/run-cli.js';

interface PackEntry { path: string }

/**
 * What `npm pack` would publish, built from the current source into a scratch copy of the
 * package: the real dist/ may hold files from an older build, which would prove nothing.
 */
function packedFiles(): { files: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-pack-'));
  for (const entry of ['package.json', 'README.md', 'bin', 'fixtures']) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.json'), '--outDir', join(dir, 'dist')], { encoding: 'utf8' });
  expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const [report] = JSON.parse(pack.stdout) as { files: PackEntry[] }[];
  return { files: report.files.map((f) => f.path), dir };
}

describe('the published package', () => {
  it('holds the compiled CLI and no test code', () => {
    const { files, dir } = packedFiles();
    try {
      expect(files).toContain('bin/vtrade');
      expect(files).toContain('dist/main.js');
      expect(files.filter((f) => f.startsWith('dist/engine/')).length).toBeGreaterThan(10);
      // Test files, test helpers (test/support/ and the old test-* / *-fixtures names) stay home.
      expect(files.filter((f) => /\.test\.[cm]?[jt]sx?(\.map)?$/.test(f))).toEqual([]);
      expect(files.filter((f) => /(^|\/)(test|support)\//.test(f))).toEqual([]);
      expect(files.filter((f) => /(^|\/)(test-[^/]*|[^/]*-fixtures?)\.[cm]?[jt]sx?(\.map)?$/.test(f))).toEqual([]);
      // What ships runs on its own: nothing in dist reaches for a file that stayed behind.
      const version = spawnSync(process.execPath, [join(dir, 'bin/vtrade'), '--version'], { encoding: 'utf8' });
      expect(version.stderr).toBe('');
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000); // a whole TypeScript build into a scratch copy: minutes on a busy two-core machine
});
