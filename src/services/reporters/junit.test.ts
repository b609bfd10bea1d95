import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { renderJunit } from './junit.js';
import { parseXml, type XmlElement } from '../../../test/support/strict-xml.js';
import type { CaseResult, SuiteResult } from './suite.js';

/** Checks the element and attribute names the JUnit XML schema allows, and returns the counts. */
function checkShape(root: XmlElement): { tests: number; failures: number; errors: number } {
  const only = (el: XmlElement, allowed: string[]) => expect(Object.keys(el.attrs).filter((k) => !allowed.includes(k)), el.name).toEqual([]);
  const props = (el: XmlElement) => {
    expect(el.name).toBe('properties');
    expect(el.children.length).toBeGreaterThan(0);
    for (const p of el.children) {
      expect(p.name).toBe('property');
      expect(Object.keys(p.attrs).sort()).toEqual(['name', 'value']);
      expect(p.children).toEqual([]);
    }
  };
  const whole = (text: string | undefined) => {
    expect(text).toMatch(/^\d+$/);
    return Number(text);
  };
  expect(root.name).toBe('testsuites');
  only(root, ['name', 'tests', 'failures', 'errors', 'time']);
  expect(root.children.length).toBe(1);
  const suite = root.children[0];
  expect(suite.name).toBe('testsuite');
  only(suite, ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp', 'hostname']);
  for (const k of ['name', 'tests', 'failures', 'errors', 'time']) expect(suite.attrs[k], k).toBeDefined();
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  suite.children.forEach((child, idx) => {
    if (child.name === 'properties') {
      expect(idx, 'properties come first').toBe(0);
      return props(child);
    }
    expect(child.name).toBe('testcase');
    only(child, ['classname', 'name', 'time']);
    expect(child.attrs.time).toMatch(/^\d+\.\d{3}$/);
    time += Number(child.attrs.time);
    tests++;
    const outcome = child.children.filter((c) => c.name !== 'properties');
    child.children.filter((c) => c.name === 'properties').forEach(props);
    expect(outcome.length).toBeLessThanOrEqual(1);
    for (const o of outcome) {
      expect(['failure', 'error']).toContain(o.name);
      only(o, ['message', 'type']);
      expect(o.attrs.message).toBeDefined();
      if (o.name === 'failure') failures++;
      else errors++;
    }
  });
  for (const el of [root, suite]) {
    expect(whole(el.attrs.tests)).toBe(tests);
    expect(whole(el.attrs.failures)).toBe(failures);
    expect(whole(el.attrs.errors)).toBe(errors);
    expect(Number(el.attrs.time)).toBeCloseTo(time, 6);
  }
  return { tests, failures, errors };
}

const baseCase = (over: Partial<CaseResult>): CaseResult => ({
  name: 'mm.ts @ syn.csv.gz',
  classname: 'mm.ts',
  durationSeconds: 1.25,
  assertions: [],
  figures: { pnl: 50.95, sharpe: 1.5, fills: 10 },
  properties: { engine_version: '0.1.0', seed: '1', currency: 'USD' },
  ...over,
});

describe('renderJunit', () => {
  it('gives one testcase per assertion, one per errored or assertion-free case, with consistent counts', () => {
    const suite: SuiteResult = {
      name: 'backtest',
      cases: [
        baseCase({
          assertions: [
            { expr: 'sharpe>=1', passed: true, actual: '1.5', expected: '>= 1' },
            { expr: 'fills>20', passed: false, actual: '10', expected: '> 20' },
          ],
        }),
        baseCase({ name: 'twap.ts @ syn.csv.gz', classname: 'twap.ts', error: { message: 'boom: strategy threw', exitCode: 4 }, properties: { engine_version: '0.1.0', seed: '2' } }),
        baseCase({ name: 'quiet.ts @ syn.csv.gz', classname: 'quiet.ts', durationSeconds: 0.5 }),
      ],
    };
    const root = parseXml(renderJunit(suite));
    expect(checkShape(root)).toEqual({ tests: 4, failures: 1, errors: 1 });
    const cases = root.children[0].children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual([
      'mm.ts @ syn.csv.gz: sharpe>=1',
      'mm.ts @ syn.csv.gz: fills>20',
      'twap.ts @ syn.csv.gz: run',
      'quiet.ts @ syn.csv.gz: ran',
    ]);
    expect(cases.map((c) => c.attrs.classname)).toEqual(['mm.ts', 'mm.ts', 'twap.ts', 'quiet.ts']);
    // The case's duration is stated once, so the suite's time is the sum of the cases'.
    expect(cases.map((c) => c.attrs.time)).toEqual(['1.250', '0.000', '1.250', '0.500']);
    expect(root.attrs.time).toBe('3.000');
    const failure = cases[1].children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.message).toBe('expected > 20, actual 10');
    const error = cases[2].children.find((c) => c.name === 'error')!;
    expect(error.attrs).toEqual({ message: 'boom: strategy threw', type: 'StrategyThrew' });
    expect(cases[0].children.some((c) => c.name === 'failure' || c.name === 'error')).toBe(false);
    // Suite properties: those every case shares; each testcase carries its case's own.
    const suiteProps = root.children[0].children[0];
    expect(suiteProps.children.map((p) => [p.attrs.name, p.attrs.value])).toEqual([['engine_version', '0.1.0']]);
    const caseProps = cases[0].children.find((c) => c.name === 'properties')!;
    expect(Object.fromEntries(caseProps.children.map((p) => [p.attrs.name, p.attrs.value]))).toEqual(suite.cases[0].properties);
  });

  it('an empty suite is still a valid report', () => {
    const root = parseXml(renderJunit({ name: 'none', cases: [] }));
    expect(checkShape(root)).toEqual({ tests: 0, failures: 0, errors: 0 });
  });

  it('escapes markup and quotes and strips what XML cannot carry', () => {
    const nasty = `a & b < c > d "e" 'f' ]]> \u0001\u0008\u000B\u001F\u007F\u0085\uFFFE\uD800 tab\there\r\nnext`;
    const suite: SuiteResult = {
      name: nasty,
      cases: [
        baseCase({
          name: nasty,
          classname: nasty,
          assertions: [{ expr: nasty, passed: false, actual: nasty, expected: nasty }],
          properties: { [nasty]: nasty },
        }),
        baseCase({ name: 'x', error: { message: nasty, exitCode: 2 } }),
      ],
    };
    const xml = renderJunit(suite);
    const root = parseXml(xml);
    checkShape(root);
    // What survives is the text minus the forbidden characters, whitespace included exactly.
    const clean = `a & b < c > d "e" 'f' ]]>  tab\there\r\nnext`;
    expect(root.attrs.name).toBe(clean);
    const [tc, errCase] = root.children[0].children.filter((c) => c.name === 'testcase');
    expect(tc.attrs.name).toBe(`${clean}: ${clean}`);
    expect(tc.attrs.classname).toBe(clean);
    const failure = tc.children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.message).toBe(`expected ${clean}, actual ${clean}`);
    expect(failure.text).toBe(`${clean}: expected ${clean}, actual ${clean}`);
    const prop = tc.children.find((c) => c.name === 'properties')!.children[0];
    expect([prop.attrs.name, prop.attrs.value]).toEqual([clean, clean]);
    const error = errCase.children.find((c) => c.name === 'error')!;
    expect(error.attrs).toEqual({ message: clean, type: 'BadInput' });
  });

  it('round-trips any text through attributes and character data', () => {
    const allowed = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-composite' }), (a, b) => {
        const text = a + b;
        const root = parseXml(
          renderJunit({ name: text, cases: [baseCase({ assertions: [{ expr: 'x', passed: false, actual: text, expected: text }] })] }),
        );
        expect(root.attrs.name).toBe(allowed(text));
        const failure = root.children[0].children.find((c) => c.name === 'testcase')!.children.find((c) => c.name === 'failure')!;
        expect(failure.text).toBe(`x: expected ${allowed(text)}, actual ${allowed(text)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the test XML reader itself', () => {
  it('rejects documents that are not well-formed', () => {
    for (const bad of ['<a>', '<a></b>', '<a><b></a></b>', '<a x="1" x="2"/>', '<a x="<"/>', '<a>&</a>', '<a>&foo;</a>', '<a/><b/>', '<a>\u0001</a>', '<a x=1/>', '<a>]]></a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<a x="&#10;&lt;" y=\'"\'>t&amp;<b/></a>')).toEqual({
      name: 'a',
      attrs: { x: '\n<', y: '"' },
      children: [{ name: 'b', attrs: {}, children: [], text: '' }],
      text: 't&',
    });
  });
});
