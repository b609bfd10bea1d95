import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/run-cli.js';

/** The `run:` steps of the first workflow in docs/ci.md that call vtrade, folded as YAML folds them, and its env. */
function workflowSteps(): { env: Record<string, string>; commands: string[] } {
  const doc = readFileSync(join(repoRoot, 'docs/ci.md'), 'utf8');
  const start = doc.indexOf('```yaml');
  const yaml = doc.slice(start + 7, doc.indexOf('```', start + 7)).split('\n');
  const env: Record<string, string> = {};
  const commands: string[] = [];
  for (let i = 0; i < yaml.length; i++) {
    const envLine = /^\s+([A-Z_]+): (\S+)$/.exec(yaml[i]);
    if (envLine) env[envLine[1]] = envLine[2];
    const run = /^(\s*)(?:- )?(?:\s*)run: ?(>|\|)?\s*(.*)$/.exec(yaml[i]);
    if (!run) continue;
    let text = run[3];
    if (run[2]) {
      const indent = (yaml[i + 1] ?? '').search(/\S/);
      const body: string[] = [];
      while (i + 1 < yaml.length && (yaml[i + 1].trim() === '' || yaml[i + 1].search(/\S/) >= indent)) body.push(yaml[++i].trim());
      text = run[2] === '>' ? body.filter(Boolean).join(' ') : body.join('\n');
    }
    if (text.includes('vtrade')) commands.push(text);
  }
  return { env, commands };
}

describe('the example GitHub Actions workflow in docs/ci.md', () => {
  it('runs as written from a shell against the shipped fixtures', () => {
    const { env, commands } = workflowSteps();
    expect(commands.length).toBeGreaterThanOrEqual(2);
    expect(env.DATA).toContain('fixtures/');
    // A project with vtrade installed: node_modules/vtrade is this repository.
    const project = mkdtempSync(join(tmpdir(), 'vtrade-ci-doc-'));
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    symlinkSync(repoRoot, join(project, 'node_modules/vtrade'));
    symlinkSync(join(repoRoot, 'bin/vtrade'), join(project, 'node_modules/.bin/vtrade'));
    for (const command of commands) {
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', command], {
        cwd: project,
        env: { ...process.env, ...env, PATH: `${join(project, 'node_modules/.bin')}:${process.env.PATH}`, VTRADE_FROM_SOURCE: '1', GITHUB_STEP_SUMMARY: join(project, 'summary.md') },
        encoding: 'utf8',
      });
      expect(r.status, `${command}\n${r.stderr}`).toBe(0);
    }
    expect(existsSync(join(project, 'runs/junit.xml'))).toBe(true);
    expect(readFileSync(join(project, 'runs/junit.xml'), 'utf8')).toContain('<testsuite');
    expect(existsSync(join(project, 'runs/manifest.json'))).toBe(true);
  });
});
