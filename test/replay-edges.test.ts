import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';

/** What a new user meets first: the edges of `replay` and the account's tables. */

const SYNTH = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');
const TWAP = resolve(repoRoot, 'fixtures/strategies/twap.ts');

function account(cash: string): Record<string, string> {
  const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-edges-')), 'paper.db') };
  expect(runCli(['account', 'create', 'bo', '--cash', cash], { env }).code).toBe(0);
  return env;
}

/** A strategy file in a folder of its own (an ES module package, as a user's project would be). */
function strategyFile(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-strategy-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, 'strategy.ts'), source);
  return join(dir, 'strategy.ts');
}

const runs = (env: Record<string, string>) => (JSON.parse(runCli(['account', 'show', 'bo', '--json'], { env }).stdout) as { kpis: { runs: number } }).kpis.runs;

describe('replay for a new user', () => {
  it('names the instrument units and every reject reason with a count and a hint', () => {
    // 100 of cash cannot pay for TWAP's 20 slices: every one is refused, and the summary says why.
    const env = account('100');
    const r = runCli(['replay', SYNTH, '--account', 'bo', '--strategy', TWAP], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/instrument\s+SYN: tick 0\.01, lot 1/);
    expect(r.stdout).toMatch(/fills\s+0\n/);
    const rejects = /rejects\s+(\w+) (\d+) \(hint: (.+)\)/.exec(r.stdout);
    expect(rejects, r.stdout).not.toBeNull();
    expect(Number(rejects![2])).toBe(20);
    const json = JSON.parse(runCli(['replay', SYNTH, '--account', 'bo', '--strategy', TWAP, '--json'], { env }).stdout) as { rejects: { reason: string; count: number }[]; instrument: unknown };
    expect(json.rejects).toEqual([{ reason: rejects![1], count: 20 }]);
    expect(json.instrument).toEqual({ symbol: 'SYN', tick: '0.01', lot: '1' });
  });

  it('refuses bad input with exit 2 and leaves no run behind: missing files, a strategy that does not compile, --tui without a terminal, --cash -5', () => {
    const env = account('100000');
    const missing = runCli(['replay', SYNTH, '--account', 'bo', '--strategy', 'missing.ts'], { env });
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, 'error: --strategy missing.ts: no such file']);
    const orders = runCli(['replay', SYNTH, '--account', 'bo', '--orders', 'missing.csv'], { env });
    expect([orders.code, orders.stderr.split('\n')[0]]).toEqual([2, 'error: --orders missing.csv: no such file']);
    const broken = strategyFile('export default {\n  onBook(ctx) { ctx.submit({ side: "buy", type: "market", qty: 1 }\n};\n');
    const syntax = runCli(['replay', SYNTH, '--account', 'bo', '--strategy', broken], { env });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain(`${broken}:3:1: the strategy does not compile: Expected ")" but found "}"`);
    // None of these started a run: nothing to resume, and the next replay is not refused.
    expect(runs(env)).toBe(0);
    expect(runCli(['replay', '--account', 'bo', '--resume'], { env }).stderr).toContain('has no interrupted run');
    const tui = runCli(['replay', SYNTH, '--account', 'bo', '--tui'], { env });
    expect(tui.code).toBe(2);
    expect(tui.stderr.split('\n')[0]).toBe('error: replay --tui needs a terminal (stdin and stdout)');
    expect(tui.stderr).not.toMatch(/\u001b|internal error|at .*\.js/);
    const cash = runCli(['backtest', '--data', SYNTH, '--strategy', TWAP, '--cash', '-5'], { env });
    expect([cash.code, cash.stderr.split('\n')[0]]).toEqual([2, 'error: --cash "-5" is not an amount of money']);
  });

  it("a strategy that throws is reported at its file's line and column, with its own frames", () => {
    const env = account('100000');
    const path = strategyFile(['export default {', '  onBook(ctx, e) {', '    if (e.price > 0) return helper(undefined);', '  },', '};', 'function helper(x) {', '  return x.foo;', '}', ''].join('\n'));
    const r = runCli(['replay', SYNTH, '--account', 'bo', '--strategy', path], { env });
    expect(r.code).toBe(4);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`error: ${path}:7:12: onBook threw: Cannot read properties of undefined (reading 'foo')`);
    expect(lines.slice(1, 3)).toEqual([`    at helper (${path}:7:12)`, `    at onBook (${path}:3:29)`]);
  });

  it('--abandon closes an interrupted replay for good; its fills stay and the next replay starts', () => {
    const env = account('100000');
    const killed = runCli(['replay', SYNTH, '--account', 'bo', '--strategy', TWAP], { env: { ...env, VTRADE_FAILPOINT: 'run-fills-booked' } });
    expect(killed.code).toBe(-1);
    const fills = (JSON.parse(runCli(['fills', 'bo', '--json'], { env }).stdout) as unknown[]).length;
    expect(fills).toBeGreaterThan(0);
    const refused = runCli(['replay', SYNTH, '--account', 'bo', '--strategy', TWAP], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('has an interrupted run (1)');
    expect(refused.stderr).toContain('--abandon');
    const closed = runCli(['replay', '--account', 'bo', '--abandon', '--json'], { env });
    expect(closed.code, closed.stderr).toBe(0);
    expect(JSON.parse(closed.stdout)).toEqual({ run: 1, status: 'failed', fills_booked: fills });
    expect(runCli(['replay', '--account', 'bo', '--abandon'], { env }).stderr).toContain('has no interrupted run');
    expect(runCli(['replay', SYNTH, '--account', 'bo', '--strategy', TWAP], { env }).code).toBe(0);
  });

  it('--resume refuses an instrument that changed since the run started (other ticks make other fills), then goes on once it is put back', () => {
    const env = account('100000');
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-edges-data-'));
    const data = join(dir, 'syn.csv.gz');
    copyFileSync(SYNTH, data);
    const spec = readFileSync(`${SYNTH}.instrument.json`, 'utf8');
    writeFileSync(`${data}.instrument.json`, spec);
    const killed = runCli(['replay', data, '--account', 'bo', '--strategy', TWAP], { env: { ...env, VTRADE_FAILPOINT: 'run-fills-booked' } });
    expect(killed.code).toBe(-1);
    writeFileSync(`${data}.instrument.json`, spec.replace('"tickSize": "0.01"', '"tickSize": "0.005"'));
    const refused = runCli(['replay', '--account', 'bo', '--resume'], { env });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`${data}: the instrument changed since run 1 started (tickSize 0.005, was 0.01)`);
    writeFileSync(`${data}.instrument.json`, spec);
    const resumed = runCli(['replay', '--account', 'bo', '--resume', '--json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const fresh = account('100000');
    expect(runCli(['replay', data, '--account', 'bo', '--strategy', TWAP], { env: fresh }).code).toBe(0);
    const fillsOf = (e: Record<string, string>) => runCli(['fills', 'bo', '--json'], { env: e }).stdout;
    expect(fillsOf(env)).toBe(fillsOf(fresh));
  });

  it('fills and ledger tables show times in the instrument zone; JSON keeps exact ns', () => {
    const env = account('100000');
    expect(runCli(['replay', SYNTH, '--account', 'bo', '--strategy', TWAP], { env }).code).toBe(0);
    const json = JSON.parse(runCli(['fills', 'bo', '--json'], { env }).stdout) as { ts_ns: string }[];
    const table = runCli(['fills', 'bo'], { env }).stdout.split('\n');
    expect(table[0]).toMatch(/^id\s+run_id\s+time\s+symbol/);
    // The synthetic equity trades in New York in January (EST, UTC-5): the same instant, read there.
    const ms = Number(BigInt(json[0].ts_ns) / 1_000_000n);
    const ny = new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19);
    expect(ny.slice(11, 16)).toBe('09:30');
    const micros = String((BigInt(json[0].ts_ns) % 1_000_000_000n) / 1_000n).padStart(6, '0');
    expect(table[2]).toContain(`${ny}.${micros}-05:00`);
    const ledger = runCli(['ledger', 'bo'], { env }).stdout.split('\n');
    expect(ledger[0]).toMatch(/^id\s+time\s+kind/);
    expect(ledger[3]).toContain(`${ny}.${micros}-05:00`);
  });
});
