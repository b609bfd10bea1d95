import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dataDir } from './support/data-dir.js';
import { repoRoot, runCli, type CliResult } from './support/run-cli.js';

/**
 * `vtrade backtest` as a CI step, through the real bin/vtrade: range and comparison assertions,
 * determinism reruns, golden snapshots, the strategy x data x window matrix, shards, and a case
 * whose strategy throws among cases that run.
 */

const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
const strategy = (name: string) => `fixtures/strategies/${name}.ts`;
const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `vtrade-ci-${tag}-`));

interface Report {
  schemaVersion: number;
  fingerprint: string;
  counters: { events: number; orders: number; fills: number; rejects: number };
  pnl: { pnl: string };
  kpis: { sharpe: number };
  first_ts: string | null;
  last_ts: string | null;
}
interface Outcome {
  expr: string;
  passed: boolean;
  actual: string;
  expected: string;
}
interface SingleJson extends Report {
  assertions: Outcome[];
  determinism?: { runs: number; fingerprints: string[]; differing: number[]; match: boolean };
  snapshot?: { file: string; figures: { figure: string; passed: boolean; expected: string; actual: string }[] };
  timing?: { read_seconds: number; engine_seconds: number[] };
}
interface MatrixJson {
  schemaVersion: number;
  cases_total: number;
  shard: string | null;
  passed: boolean;
  cases: {
    index: number;
    name: string;
    strategy: string;
    data: string[];
    window: { index: number; of: number; from: string; to: string } | null;
    dir: string | null;
    passed: boolean;
    error: { message: string; exitCode: number } | null;
    report: Report | null;
    assertions: Outcome[];
    timing?: { read_seconds: number; engine_seconds: number[] };
  }[];
}

function backtest(args: string[]): CliResult {
  return runCli(['backtest', ...args], { env: { VTRADE_FROM_SOURCE: '1' } });
}

function json<T>(r: CliResult): T {
  return JSON.parse(r.stdout) as T;
}

const sha = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** The shipped fixture's rows, straight from the file: one event per row after the header. */
function fixtureTimes(): bigint[] {
  const text = gunzipSync(readFileSync(join(repoRoot, SYNTH))).toString('utf8');
  return text.trimEnd().split('\n').slice(1).map((l) => BigInt(l.slice(0, l.indexOf(','))));
}

const base = ['--data', SYNTH, '--strategy', strategy('twap')];

describe('backtest: assertions', () => {
  it('ranges and comparisons, several at once: each failure on stderr with actual and expected', () => {
    const plain = json<SingleJson>(backtest([...base, '--json']));
    const n = plain.counters.fills;
    expect(n).toBeGreaterThan(2);

    const pass = backtest([...base, '--json', '--assert', `trades in [${n - 1},${n + 1}]`, '--assert', `fills in [${n},${n}]`, '--assert', `fills>=${n}`, '--assert', `pnl==${plain.pnl.pnl}`]);
    expect(pass.code, pass.stderr).toBe(0);
    const passed = json<SingleJson>(pass);
    expect(passed.assertions).toEqual([
      { expr: `trades in [${n - 1},${n + 1}]`, passed: true, actual: String(n), expected: `in [${n - 1}, ${n + 1}]` },
      { expr: `fills in [${n},${n}]`, passed: true, actual: String(n), expected: `in [${n}, ${n}]` },
      { expr: `fills>=${n}`, passed: true, actual: String(n), expected: `>= ${n}` },
      { expr: `pnl==${plain.pnl.pnl}`, passed: true, actual: plain.pnl.pnl, expected: `== ${plain.pnl.pnl}` },
    ]);

    // Exclusive ends: (n, ...) leaves n out. Two of three fail; both are named with their values.
    const fail = backtest([...base, '--json', '--assert', `trades in (${n},${n + 10}]`, '--assert', 'sharpe<-1000000', '--assert', `fills in [0,${n}]`]);
    expect(fail.code).toBe(1);
    const failed = json<SingleJson>(fail);
    expect(failed.assertions.map((a) => a.passed)).toEqual([false, false, true]);
    expect(fail.stderr).toContain(`assertion failed: trades in (${n},${n + 10}] (actual ${n}, expected in (${n}, ${n + 10}])`);
    expect(fail.stderr).toContain(`assertion failed: sharpe<-1000000 (actual ${failed.kpis.sharpe}, expected < -1000000)`);
    expect(fail.stderr).not.toContain(`fills in [0,${n}]`);

    for (const bad of ['trades in [5,1]', 'trades in [1,5', 'trades between 1 and 5']) {
      const r = backtest([...base, '--assert', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(bad);
    }
  });

  it('--json keeps stdout for the JSON: what the strategy prints goes to stderr', () => {
    const dir = tmp('print');
    const file = join(dir, 'chatty.ts');
    writeFileSync(file, "export default { onStart() { console.log('console says hi'); process.stdout.write('raw write\\n'); } };\n");
    const r = backtest(['--data', SYNTH, '--strategy', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<SingleJson>(r).schemaVersion).toBe(3);
    expect(r.stderr).toContain('console says hi');
    expect(r.stderr).toContain('raw write');
  });
});

describe('backtest: fingerprint and determinism', () => {
  it('the fingerprint is sha256 of orders.csv then fills.jsonl; --check-determinism 3 reruns and agrees', () => {
    const dir = join(tmp('fp'), 'run');
    const r = backtest([...base, '--out', dir, '--check-determinism', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json<SingleJson>(r);
    const onDisk = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(out.fingerprint).toBe(sha(readFileSync(join(dir, 'orders.csv')), readFileSync(join(dir, 'fills.jsonl'))));
    expect(onDisk.fingerprint).toBe(out.fingerprint);
    expect((JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { fingerprint: string }).fingerprint).toBe(out.fingerprint);
    expect(out.determinism).toEqual({ runs: 3, fingerprints: [out.fingerprint, out.fingerprint, out.fingerprint], differing: [], match: true });
    // Wall times: the reading, and the engine once per in-process run; kept out of the files.
    expect(out.timing!.engine_seconds).toHaveLength(3);
    for (const s of [out.timing!.read_seconds, ...out.timing!.engine_seconds]) expect(s).toBeGreaterThan(0);
    expect(onDisk).not.toHaveProperty('timing');
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toContain('seconds');

    for (const bad of ['1', '0', 'x']) expect(backtest([...base, '--check-determinism', bad]).code, bad).toBe(2);
  });

  it('exits 5 naming the run whose fingerprint differs', () => {
    const dir = tmp('nondet');
    const file = join(dir, 'drifts.ts');
    // State kept outside the module (a fresh copy is loaded per run) makes each run trade differently.
    writeFileSync(
      file,
      `const g = globalThis as { runs?: number };
export default () => {
  const run = (g.runs = (g.runs ?? 0) + 1);
  let sent = false;
  return { onBook(ctx: { book: { bestBid(): number | undefined }; submit(o: object): string }) {
    const bid = ctx.book.bestBid();
    if (sent || bid === undefined) return;
    sent = true;
    ctx.submit({ side: 'buy', type: 'limit', qty: run, limit: bid - 5, tif: 'GTC' });
  } };
};
`,
    );
    const r = backtest(['--data', SYNTH, '--strategy', file, '--check-determinism', '3', '--json']);
    expect(r.code, r.stderr).toBe(5);
    const out = json<SingleJson>(r);
    expect(out.determinism!.differing).toEqual([2, 3]);
    expect(new Set(out.determinism!.fingerprints).size).toBe(3);
    expect(r.stderr).toContain(`run 2 of 3 has fingerprint ${out.determinism!.fingerprints[1]}, run 1 had ${out.fingerprint}`);
  });
});

describe('backtest: golden snapshots', () => {
  it('created deliberately, passes unchanged, fails with a diff beyond tolerance, missing is exit 2', () => {
    const dir = tmp('snap');
    const file = join(dir, 'twap.snapshot.json');

    const missing = backtest([...base, '--snapshot', file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(file);
    expect(missing.stderr).toContain('--update-snapshot');
    expect(existsSync(file)).toBe(false);

    const created = backtest([...base, '--snapshot', file, '--update-snapshot', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const report = json<SingleJson>(created);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { figures: Record<string, { value: string | number; abs?: number; rel?: number }> };
    expect(stored.figures.pnl).toEqual({ value: report.pnl.pnl });
    expect(stored.figures.fills).toEqual({ value: report.counters.fills });
    expect(stored.figures.sharpe).toEqual({ value: report.kpis.sharpe });
    expect(readdirSync(dir)).toEqual(['twap.snapshot.json']);

    const same = backtest([...base, '--snapshot', file, '--json']);
    expect(same.code, same.stderr).toBe(0);
    expect(json<SingleJson>(same).snapshot!.figures.every((f) => f.passed)).toBe(true);

    // Within tolerance still passes: pnl moved by 0.005 with abs 0.01, sharpe by 1% with rel 5%.
    const pnl = Number(report.pnl.pnl);
    stored.figures.pnl = { value: (pnl + 0.005).toFixed(3), abs: 0.01 };
    stored.figures.sharpe = { value: report.kpis.sharpe * 1.01, rel: 0.05 };
    writeFileSync(file, JSON.stringify(stored));
    expect(backtest([...base, '--snapshot', file]).code).toBe(0);

    // Beyond it fails, with expected and actual for each figure out of tolerance.
    stored.figures.pnl = { value: (pnl + 0.5).toFixed(2), abs: 0.01 };
    stored.figures.fills = { value: report.counters.fills + 1 };
    writeFileSync(file, JSON.stringify(stored));
    const off = backtest([...base, '--snapshot', file]);
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('2 figures out of tolerance');
    expect(off.stderr).toContain(`pnl: expected ${(pnl + 0.5).toFixed(2)} (± 0.01), actual ${report.pnl.pnl}`);
    expect(off.stderr).toContain(`fills: expected ${report.counters.fills + 1}, actual ${report.counters.fills} (diff -1)`);
    expect(off.stderr).not.toMatch(/sharpe: expected/);

    // --update-snapshot takes today's values and keeps the tolerances.
    expect(backtest([...base, '--snapshot', file, '--update-snapshot']).code).toBe(0);
    const refreshed = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
    expect(refreshed.figures.pnl).toEqual({ value: report.pnl.pnl, abs: 0.01 });
    expect(refreshed.figures.sharpe).toEqual({ value: report.kpis.sharpe, rel: 0.05 });
    expect(refreshed.figures.fills).toEqual({ value: report.counters.fills });
    expect(backtest([...base, '--snapshot', file]).code).toBe(0);
  });
});

describe('backtest: a matrix of cases', () => {
  let other: string;
  beforeAll(() => {
    other = join(tmp('data'), 'syn-seed7-2min.csv.gz');
    const r = runCli(['data', 'synth', '--seed', '7', '--minutes', '2', '--out', other], { env: { VTRADE_FROM_SOURCE: '1' } });
    expect(r.code, r.stderr).toBe(0);
  });

  it('2 strategies x 2 data files = 4 cases, each the same run as on its own; --out has a folder per case', () => {
    const out = join(tmp('matrix'), 'runs');
    const r = backtest(['--data', SYNTH, other, '--strategy', strategy('twap'), strategy('momentum'), '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = json<MatrixJson>(r);
    expect(m.cases_total).toBe(4);
    expect(m.passed).toBe(true);
    expect(m.cases.map((c) => [c.index, c.strategy, c.data])).toEqual([
      [1, strategy('twap'), [SYNTH]],
      [2, strategy('twap'), [other]],
      [3, strategy('momentum'), [SYNTH]],
      [4, strategy('momentum'), [other]],
    ]);
    expect(new Set(m.cases.map((c) => c.name)).size).toBe(4);
    for (const c of m.cases) {
      const alone = json<Report>(backtest(['--data', c.data[0], '--strategy', c.strategy, '--json']));
      expect(c.report!.fingerprint, c.name).toBe(alone.fingerprint);
      expect(c.report!.counters, c.name).toEqual(alone.counters);
      const dir = join(out, c.dir!);
      expect(sha(readFileSync(join(dir, 'orders.csv')), readFileSync(join(dir, 'fills.jsonl'))), c.name).toBe(alone.fingerprint);
    }
    // suite.json is what --json printed, less each case's wall times.
    for (const c of m.cases) expect(c.timing!.engine_seconds, c.name).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'suite.json'), 'utf8'))).toEqual({ ...m, cases: m.cases.map(({ timing: _t, ...c }) => c) });

    const table = backtest(['--data', SYNTH, other, '--strategy', strategy('twap'), strategy('momentum')]);
    expect(table.code).toBe(0);
    for (const c of m.cases) expect(table.stdout, c.name).toContain(c.name);
    expect(table.stdout).toContain('4 of 4 cases passed');
  });

  it('a comma joins files into one session; a glob makes a case per file', () => {
    const dir = tmp('glob');
    for (const n of ['a', 'b']) {
      writeFileSync(join(dir, `${n}.csv.gz`), readFileSync(join(repoRoot, SYNTH)));
      writeFileSync(join(dir, `${n}.csv.gz.instrument.json`), readFileSync(join(repoRoot, `${SYNTH}.instrument.json`)));
    }
    const g = json<MatrixJson>(backtest(['--data', join(dir, '*.csv.gz'), '--strategy', strategy('twap'), '--json']));
    expect(g.cases.map((c) => c.data)).toEqual([[join(dir, 'a.csv.gz')], [join(dir, 'b.csv.gz')]]);
    // Native CSV takes one file per session: a chained pair is refused as usage, naming the rule.
    const chained = backtest(['--data', `${join(dir, 'a.csv.gz')},${join(dir, 'b.csv.gz')}`, '--strategy', strategy('twap')]);
    expect(chained.code).toBe(2);
    expect(chained.stderr).toContain('takes one file');
    expect(backtest(['--data', join(dir, '*.zip'), '--strategy', strategy('twap')]).code).toBe(2);

    // Consecutive Binance days joined by a comma: one session, one case, one plain report that
    // runs on into the second day.
    const days = ['btcusdt_20240808.gz', 'btcusdt_20240809.gz'].map((f) => join(dataDir(), 'binance', 'spot', f));
    const first = json<Report>(backtest(['--data', days[0], '--strategy', strategy('momentum'), '--json']));
    const r = backtest(['--data', days.join(','), '--strategy', strategy('momentum'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const both = json<Report & { cases?: unknown }>(r);
    expect(both.cases).toBeUndefined();
    expect(both.counters.events).toBeGreaterThan(first.counters.events);
    expect(BigInt(both.last_ts!)).toBeGreaterThan(BigInt(first.last_ts!));
  });

  it('--window 3: three cases over consecutive thirds of the time, their events those of the recording', () => {
    const times = fixtureTimes();
    const first = times[0];
    const span = times[times.length - 1] - first + 1n;
    const edges = [0n, 1n, 2n, 3n].map((i) => first + (span * i) / 3n);
    const expected = [0, 1, 2].map((i) => times.filter((t) => t >= edges[i] && t < edges[i + 1]).length);

    const r = backtest(['--data', SYNTH, '--strategy', strategy('market-maker'), '--window', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = json<MatrixJson>(r);
    expect(m.cases.map((c) => c.window)).toEqual([0, 1, 2].map((i) => ({ index: i + 1, of: 3, from: String(edges[i]), to: String(edges[i + 1]) })));
    expect(m.cases.map((c) => c.report!.counters.events)).toEqual(expected);
    expect(expected.reduce((a, b) => a + b, 0)).toBe(times.length);
    for (const c of m.cases) {
      expect(BigInt(c.report!.first_ts!) >= BigInt(c.window!.from)).toBe(true);
      expect(BigInt(c.report!.first_ts!) < BigInt(c.window!.to)).toBe(true);
      // Each window starts from the book as it stood (warmed up), so a maker trades in every one.
      expect(c.report!.counters.fills, c.name).toBeGreaterThan(0);
    }
  });

  it('--shard 1/2 and 2/2 split the cases between them, each case as in the whole run', () => {
    const args = ['--data', SYNTH, other, '--strategy', strategy('twap'), strategy('momentum'), '--window', '2', '--json'];
    const whole = json<MatrixJson>(backtest(args));
    expect(whole.cases.length).toBe(8);
    const one = json<MatrixJson>(backtest([...args, '--shard', '1/2']));
    const two = json<MatrixJson>(backtest([...args, '--shard', '2/2']));
    expect(one.shard).toBe('1/2');
    expect(one.cases.map((c) => c.index)).toEqual([1, 3, 5, 7]);
    expect(two.cases.map((c) => c.index)).toEqual([2, 4, 6, 8]);
    const merged = [...one.cases, ...two.cases].sort((a, b) => a.index - b.index);
    expect(merged.map((c) => [c.name, c.report!.fingerprint])).toEqual(whole.cases.map((c) => [c.name, c.report!.fingerprint]));
    expect(backtest([...args, '--shard', '3/2']).code).toBe(2);
  });

  it('a strategy that throws fails its own cases (exit 4); the other cases still run and report', () => {
    const dir = tmp('boom');
    const boom = join(dir, 'boom.ts');
    writeFileSync(boom, "let n = 0;\nexport default { onBook() { if (++n === 50) throw new Error('kaboom at 50'); } };\n");
    const junit = join(dir, 'junit.xml');
    const r = backtest(['--data', SYNTH, other, '--strategy', strategy('twap'), boom, '--assert', 'fills>=1', '--json', '--reporter', `junit=${junit}`]);
    expect(r.code).toBe(4);
    const m = json<MatrixJson>(r);
    expect(m.cases.map((c) => [c.strategy, c.passed, c.error?.exitCode ?? null])).toEqual([
      [strategy('twap'), true, null],
      [strategy('twap'), true, null],
      [boom, false, 4],
      [boom, false, 4],
    ]);
    for (const c of m.cases.slice(0, 2)) expect(c.report!.counters.fills).toBeGreaterThan(0);
    expect(m.cases[2].error!.message).toContain('kaboom at 50');
    expect(r.stderr).toContain(`[${m.cases[2].name}]`);
    expect(r.stderr).toContain('onBook threw');
    const xml = readFileSync(junit, 'utf8');
    for (const c of m.cases) expect(xml).toContain(c.name);
    expect(xml).toContain('kaboom at 50');

    // A failed assertion in one case and a throw in another: the throw decides the exit code.
    const both = backtest(['--data', SYNTH, '--strategy', strategy('twap'), boom, '--assert', 'fills>1000000']);
    expect(both.code).toBe(4);
    expect(both.stderr).toContain('assertion failed: fills>1000000');
  });

  it('a matrix snapshot keeps one entry per case; --shard updates only its own', () => {
    const file = join(tmp('msnap'), 'golden.json');
    const args = ['--data', SYNTH, other, '--strategy', strategy('twap'), '--snapshot', file];
    expect(backtest([...args, '--shard', '1/2', '--update-snapshot']).code).toBe(0);
    let stored = JSON.parse(readFileSync(file, 'utf8')) as { cases: Record<string, unknown> };
    expect(Object.keys(stored.cases)).toEqual(['twap.ts @ syn-seed42-5min.csv.gz']);
    // The whole matrix needs an entry for its other case.
    expect(backtest(args).code).toBe(2);
    expect(backtest([...args, '--shard', '2/2', '--update-snapshot']).code).toBe(0);
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
    expect(Object.keys(stored.cases).sort()).toEqual(['twap.ts @ syn-seed42-5min.csv.gz', 'twap.ts @ syn-seed7-2min.csv.gz']);
    expect(backtest(args).code).toBe(0);
  });
});
