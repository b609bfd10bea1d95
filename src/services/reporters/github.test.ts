import { describe, it, expect } from 'vitest';
import { escapeData, escapeProperty, renderGithubAnnotations, renderGithubSummary } from './github.js';
import type { CaseResult, SuiteResult } from './suite.js';

const mkCase = (over: Partial<CaseResult>): CaseResult => ({
  name: 'mm.ts @ syn.csv.gz',
  classname: 'mm.ts',
  durationSeconds: 1,
  assertions: [],
  figures: { pnl: 50.95, sharpe: 1.234, fills: 1835 },
  properties: { currency: 'USD' },
  ...over,
});

/** The runner's decoding of a workflow command, written out independently of the encoder. */
function decode(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

describe('workflow-command escaping', () => {
  it('escapes %, CR and LF in data and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    // An already escaped-looking sequence is escaped again, not passed through.
    expect(escapeData('%0A literally')).toBe('%250A literally');
    expect(escapeProperty('%3A,:')).toBe('%253A%2C%3A');
    expect(escapeData('')).toBe('');
  });

  it('decodes back to the original text', () => {
    for (const s of ['a%b', '%25', '\r\n\r', 'x:y,z', '%0A%3A%2C', '::error::', 'ünïcödé ✓']) {
      expect(decode(escapeData(s))).toBe(s);
      expect(decode(escapeProperty(s))).toBe(s);
    }
  });
});

describe('renderGithubAnnotations', () => {
  it('gives one ::error per failed assertion and errored case, each on one line', () => {
    const suite: SuiteResult = {
      name: 'backtest',
      cases: [
        mkCase({
          name: 'mm.ts @ a,b: c.csv',
          classname: './strategies/mm, v2:x.ts',
          assertions: [
            { expr: 'sharpe>=1', passed: true, actual: '1.234', expected: '>= 1' },
            { expr: 'pnl > 100', passed: false, actual: '50.95', expected: '> 100' },
          ],
        }),
        mkCase({ name: 'bad.ts', classname: '/ci/work/bad.ts', error: { message: 'strategy threw: 50% of\nbudget\r\nspent', exitCode: 4 } }),
      ],
    };
    expect(renderGithubAnnotations(suite)).toBe(
      '::error file=strategies/mm%2C v2%3Ax.ts,title=mm.ts @ a%2Cb%3A c.csv%3A pnl > 100::assertion failed: pnl > 100: expected > 100, actual 50.95\n' +
        '::error title=bad.ts%3A could not run (exit 4)::strategy threw: 50%25 of%0Abudget%0D%0Aspent\n',
    );
  });

  it('pins annotations to the strategy file only when it is a relative path inside the tree', () => {
    const failing = (classname: string) => ({
      name: 'c',
      cases: [mkCase({ name: 'c', classname, assertions: [{ expr: 'x>1', passed: false, actual: '0', expected: '> 1' }] })],
    });
    const head = (classname: string) => renderGithubAnnotations(failing(classname)).split('::')[1];
    expect(head('fixtures/strategies/twap.ts')).toBe('error file=fixtures/strategies/twap.ts,title=c%3A x>1');
    expect(head('strategies\\win.js')).toBe('error file=strategies/win.js,title=c%3A x>1');
    for (const outside of ['/abs/twap.ts', 'C:/x/twap.ts', '../elsewhere/twap.ts', 'a/../../b.ts', 'not-a-file', 'data.csv']) {
      expect(head(outside), outside).toBe('error title=c%3A x>1');
    }
  });

  it('gives one ::notice when everything passed', () => {
    const suite: SuiteResult = {
      name: 'nightly, 100%',
      cases: [mkCase({ assertions: [{ expr: 'fills>0', passed: true, actual: '1835', expected: '> 0' }] }), mkCase({ name: 'other' })],
    };
    expect(renderGithubAnnotations(suite)).toBe('::notice title=vtrade nightly%2C 100%25::2 cases ran, 1 assertion passed\n');
  });
});

describe('renderGithubSummary', () => {
  it('tabulates every case with status in words, P&L with currency, and failed assertions', () => {
    const suite: SuiteResult = {
      name: 'backtest',
      cases: [
        mkCase({ assertions: [{ expr: 'sharpe>=1', passed: true, actual: '1.234', expected: '>= 1' }] }),
        mkCase({ name: 'twap|x', figures: { pnl: -3.5, sharpe: -0.5, fills: 7 }, properties: {}, assertions: [{ expr: 'pnl>0', passed: false, actual: '-3.5', expected: '> 0' }] }),
        mkCase({ name: 'boom', figures: {}, error: { message: 'line 1\nline <2>', exitCode: 4 } }),
      ],
    };
    const md = renderGithubSummary(suite);
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('## vtrade backtest');
    expect(lines[2]).toBe('❌ **1 of 3 cases passed**; 1 of 2 assertions held.');
    expect(lines.slice(4)).toEqual([
      '| status | case | P&L | sharpe | fills | failed assertions |',
      '|---|---|---:|---:|---:|---|',
      '| ✅ pass | mm.ts @ syn.csv.gz | 50.95 USD | 1.23 | 1835 |  |',
      '| ❌ fail | twap\\|x | -3.5 | -0.50 | 7 | pnl\\>0: actual -3.5, expected \\> 0 |',
      '| ⚠️ error (exit 4) | boom | - | - | - | line 1 line \\<2\\> |',
    ]);
    // Every row has the header's number of cells once escaped pipes are set aside.
    for (const l of lines.slice(4)) expect(l.replace(/\\\|/g, '').split('|').length).toBe(8);
  });

  it('stays under the cap, dropping rows from the end with a note', () => {
    const cases = Array.from({ length: 5000 }, (_, i) => mkCase({ name: `case ${i} ${'x'.repeat(300)}` }));
    const suite: SuiteResult = { name: 'big', cases };
    const full = renderGithubSummary(suite, Number.MAX_SAFE_INTEGER);
    expect(Buffer.byteLength(full)).toBeGreaterThan(1024 * 1024);
    const capped = renderGithubSummary(suite);
    expect(Buffer.byteLength(capped)).toBeLessThan(1024 * 1024);
    const rows = capped.split('\n').filter((l) => l.startsWith('| ✅'));
    expect(rows.length).toBeGreaterThan(1000);
    expect(capped).toContain(`_${5000 - rows.length} more cases not shown`);
    // The kept rows are the first ones, whole.
    expect(rows[rows.length - 1]).toContain(`case ${rows.length - 1} `);
    expect(full.startsWith(capped.slice(0, capped.indexOf('\n_')))).toBe(true);

    const small = renderGithubSummary(suite, 2000);
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(2000);
    expect(small).toMatch(/_\d+ more cases not shown/);
  });

  it('cuts one enormous message rather than losing the table', () => {
    const suite: SuiteResult = { name: 's', cases: [mkCase({ name: 'a', error: { message: '✓'.repeat(600_000), exitCode: 3 } })] };
    const md = renderGithubSummary(suite);
    expect(Buffer.byteLength(md)).toBeLessThan(20_000);
    expect(md).toContain('| ⚠️ error (exit 3) | a |');
  });
});
