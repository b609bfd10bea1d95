import { ExitCode } from '../../errors.js';
import type { CaseResult, SuiteResult } from './suite.js';
import { xmlAttr, xmlText } from './xml-text.js';

/**
 * JUnit XML, the shape CI systems (GitHub test reporters, GitLab `artifacts:reports:junit`,
 * Jenkins) read: one <testsuite> for the run, one <testcase> per assertion so each check shows
 * up on its own and a failure names the expression that broke.
 *
 * - a case that could not run gives one testcase "<case>: run" holding an <error>;
 * - a case without assertions gives one passing testcase "<case>: ran";
 * - a case's duration goes on its first testcase and 0 on the rest, so the times add up to the
 *   suite's time whatever a tool sums;
 * - properties every case shares with the same value are stated once on the <testsuite>; each
 *   testcase carries its own case's full properties.
 */
export function renderJunit(suite: SuiteResult): string {
  const shared = sharedProperties(suite.cases);
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  const body: string[] = [];
  for (const c of suite.cases) {
    const props = propertiesXml(c.properties, '      ');
    const open = (name: string, seconds: number) =>
      `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(name)}" time="${seconds.toFixed(3)}">`;
    const duration = finiteSeconds(c.durationSeconds);
    time += duration;
    if (c.error) {
      tests++;
      errors++;
      body.push(
        open(`${c.name}: run`, duration),
        props,
        `      <error message="${xmlAttr(c.error.message)}" type="${xmlAttr(errorType(c.error.exitCode))}">${xmlText(`exit code ${c.error.exitCode}: ${c.error.message}`)}</error>`,
        '    </testcase>',
      );
      continue;
    }
    if (c.assertions.length === 0) {
      tests++;
      body.push(open(`${c.name}: ran`, duration), props, '    </testcase>');
      continue;
    }
    c.assertions.forEach((a, i) => {
      tests++;
      body.push(open(`${c.name}: ${a.expr}`, i === 0 ? duration : 0), props);
      if (!a.passed) {
        failures++;
        const message = `expected ${a.expected}, actual ${a.actual}`;
        body.push(`      <failure message="${xmlAttr(message)}" type="AssertionFailed">${xmlText(`${a.expr}: ${message}`)}</failure>`);
      }
      body.push('    </testcase>');
    });
  }
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(suite.name)}" ${counts}>`,
    `  <testsuite name="${xmlAttr(suite.name)}" ${counts} skipped="0">`,
    propertiesXml(shared, '    '),
    ...body,
    '  </testsuite>',
    '</testsuites>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

/** Properties present in every case with one value. */
function sharedProperties(cases: CaseResult[]): Record<string, string> {
  if (cases.length === 0) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(cases[0].properties)) {
    if (cases.every((c) => Object.hasOwn(c.properties, k) && c.properties[k] === v)) out[k] = v;
  }
  return out;
}

/** A <properties> block, or '' (dropped) when there are none: JUnit forbids an empty one. */
function propertiesXml(props: Record<string, string>, indent: string): string {
  const entries = Object.entries(props);
  if (entries.length === 0) return '';
  return [
    `${indent}<properties>`,
    ...entries.map(([k, v]) => `${indent}  <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`),
    `${indent}</properties>`,
  ].join('\n');
}

const EXIT_NAMES = new Map<number, string>(Object.entries(ExitCode).map(([name, code]) => [code, name]));

/** The error's kind as its exit-code name ("StrategyThrew", "BadInput", ...). */
function errorType(exitCode: number): string {
  return EXIT_NAMES.get(exitCode) ?? `Exit${exitCode}`;
}

/** Whole milliseconds, so the suite's time is exactly the sum of what its testcases state. */
function finiteSeconds(s: number): number {
  return Number.isFinite(s) && s > 0 ? Math.round(s * 1000) / 1000 : 0;
}
