import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { parseReporterSpec, validateReporterSpecs, writeReports, type ReportIo } from './index.js';
import { renderJunit } from './junit.js';
import { renderBenchmarkJson } from './benchmark-json.js';
import { renderGithubAnnotations, renderGithubSummary } from './github.js';
import type { SuiteResult } from './suite.js';

const suite: SuiteResult = {
  name: 'backtest',
  cases: [
    {
      name: 'mm.ts @ syn.csv.gz',
      classname: 'mm.ts',
      durationSeconds: 1.5,
      assertions: [{ expr: 'fills>5000', passed: false, actual: '1835', expected: '> 5000' }],
      figures: { pnl: 50.95, fills: 1835 },
      properties: { currency: 'USD' },
    },
  ],
};

const tmp = () => mkdtempSync(join(tmpdir(), 'vtrade-rep-'));
function io(env: Record<string, string> = {}): ReportIo & { err: string } {
  const o = { err: '', env, stderr: { write: (t: string) => (o.err += t) } };
  return o;
}

describe('parseReporterSpec', () => {
  it('reads NAME and NAME=PATH', () => {
    expect(parseReporterSpec('junit')).toEqual({ name: 'junit' });
    expect(parseReporterSpec('junit=reports/a=b.xml')).toEqual({ name: 'junit', path: 'reports/a=b.xml' });
    expect(parseReporterSpec('github')).toEqual({ name: 'github' });
    expect(parseReporterSpec('benchmark-json=out.json')).toEqual({ name: 'benchmark-json', path: 'out.json' });
  });

  it('rejects unknown names and empty paths as usage errors', () => {
    for (const bad of ['xunit', 'JUnit', '', '=x.xml', 'junit=', 'tap=out.tap']) {
      expect(() => parseReporterSpec(bad), bad).toThrow(UsageError);
    }
    try {
      parseReporterSpec('xunit');
    } catch (e) {
      expect((e as UsageError).exitCode).toBe(2);
      expect((e as UsageError).hint).toContain('junit, github, benchmark-json');
    }
  });

  it('needs a path or a folder, and refuses two reports on one file', () => {
    expect(() => validateReporterSpecs([{ name: 'junit' }], undefined)).toThrow(/--out/);
    expect(() => validateReporterSpecs([{ name: 'github' }], undefined)).not.toThrow();
    expect(() => validateReporterSpecs([{ name: 'junit' }, { name: 'benchmark-json', path: 'runs/junit.xml' }], 'runs')).toThrow(/both write/);
    expect(() => validateReporterSpecs([{ name: 'junit' }, { name: 'benchmark-json' }], 'runs')).not.toThrow();
  });
});

describe('writeReports', () => {
  it('writes default names into the folder, explicit paths where asked, annotations to stderr', async () => {
    const dir = tmp();
    const other = join(dir, 'deep', 'er', 'bench.json');
    const o = io();
    const written = await writeReports(suite, [parseReporterSpec('junit'), parseReporterSpec(`benchmark-json=${other}`), parseReporterSpec('github')], join(dir, 'runs'), o);
    expect(written).toEqual([join(dir, 'runs', 'junit.xml'), other]);
    expect(readFileSync(join(dir, 'runs', 'junit.xml'), 'utf8')).toBe(renderJunit(suite));
    expect(readFileSync(other, 'utf8')).toBe(renderBenchmarkJson(suite));
    expect(o.err).toBe(renderGithubAnnotations(suite));
    // No temporary files left behind.
    expect(readdirSync(join(dir, 'runs'))).toEqual(['junit.xml']);
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['bench.json']);
  });

  it('appends the job summary to $GITHUB_STEP_SUMMARY, or writes it to the given path', async () => {
    const dir = tmp();
    const summary = join(dir, 'step_summary.md');
    writeFileSync(summary, 'earlier step');
    await writeReports(suite, [{ name: 'github' }], undefined, io({ GITHUB_STEP_SUMMARY: summary }));
    expect(readFileSync(summary, 'utf8')).toBe('earlier step\n' + renderGithubSummary(suite));
    const path = join(dir, 'summary.md');
    await writeReports(suite, [{ name: 'github', path }], undefined, io({ GITHUB_STEP_SUMMARY: join(dir, 'untouched.md') }));
    expect(readFileSync(path, 'utf8')).toBe(renderGithubSummary(suite));
    expect(existsSync(join(dir, 'untouched.md'))).toBe(false);
    // Outside Actions (no variable) the summary is simply not written.
    await writeReports(suite, [{ name: 'github' }], undefined, io());
  });

  it('fails before writing anything when a report has nowhere to go', async () => {
    const dir = tmp();
    await expect(writeReports(suite, [{ name: 'junit', path: join(dir, 'a.xml') }, { name: 'benchmark-json' }], undefined, io())).rejects.toThrow(UsageError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
