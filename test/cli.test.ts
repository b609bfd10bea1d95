import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { dataDir } from './support/data-dir.js';
import { repoRoot, runCli } from './support/run-cli.js';

const lobster = (name: string) => join(dataDir(), 'lobster', name);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('vtrade command line', () => {
  it('prints its version and help with examples for every subcommand', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const v = runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    for (const args of [[], ['demo'], ['book'], ['data', 'inspect'], ['data', 'convert'], ['data', 'synth'], ['data', 'replay']]) {
      const h = runCli([...args, '--help']);
      expect(h.code, args.join(' ')).toBe(0);
      expect(h.stdout, args.join(' ')).toContain('Examples:');
      expect(h.stdout, args.join(' ')).toContain('$ vtrade');
    }
  });

  it('exits 2 on usage errors and on a missing file, naming it', () => {
    expect(runCli(['book', '--no-such-flag']).code).toBe(2);
    const missing = runCli(['data', 'inspect', 'nowhere/none.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere/none.csv');
    expect(missing.stderr).toContain('no such file');
    const both = runCli(['book', lobster('LOBSTER_SampleFile_AMZN_2012-06-21_1.zip')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--after');
  });

  it('book --after matches the LOBSTER orderbook file at the requested rows', () => {
    const zip = lobster('LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
    const files = unzipSync(readFileSync(zip), { filter: (f) => f.name.includes('orderbook') });
    const rows = strFromU8(Object.values(files)[0]).split('\n');
    const picks = [1, 2, 777, 50_000, 155_935];
    const r = runCli(['book', zip, '--after', picks.join(','), '--depth', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; bids: string[][]; asks: string[][] });
    expect(lines.map((l) => l.index)).toEqual(picks);
    for (const got of lines) {
      const cols = rows[got.index - 1].split(',').map(Number);
      const asks: string[][] = [];
      const bids: string[][] = [];
      for (let lvl = 0; lvl < 5; lvl++) {
        const [ap, as, bp, bs] = cols.slice(lvl * 4, lvl * 4 + 4);
        // LOBSTER prices are dollars x 10000; empty levels have size 0.
        if (as > 0) asks.push([String(ap / 10000), String(as)]);
        if (bs > 0) bids.push([String(bp / 10000), String(bs)]);
      }
      expect(got.asks, `row ${got.index}`).toEqual(asks);
      expect(got.bids, `row ${got.index}`).toEqual(bids);
    }
  });

  it('synth gives the same bytes for the same seed, and convert + replay keep every event', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-cli-'));
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const c = join(dir, 'c.csv');
    expect(runCli(['data', 'synth', '--seed', '9', '--minutes', '1', '--out', a]).code).toBe(0);
    expect(runCli(['data', 'synth', '--seed', '9', '--minutes', '1', '--out', b]).code).toBe(0);
    expect(runCli(['data', 'synth', '--seed', '10', '--minutes', '1', '--out', c]).code).toBe(0);
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));

    const inspect = runCli(['data', 'inspect', a, '--json']);
    expect(inspect.code, inspect.stderr).toBe(0);
    const summary = JSON.parse(inspect.stdout) as { events: number; format: string };
    expect(summary.format).toBe('native');
    expect(summary.events).toBeGreaterThan(1000);

    const vtb = join(dir, 'a.vtb');
    expect(runCli(['data', 'convert', a, '--out', vtb]).code).toBe(0);
    const replay = runCli(['data', 'replay', vtb, '--json']);
    expect(replay.code, replay.stderr).toBe(0);
    const stats = JSON.parse(replay.stdout) as Record<string, number>;
    expect(Object.keys(stats)).toEqual(['events', 'seconds', 'events_per_second', 'peak_rss_bytes']);
    expect(stats.events).toBe(summary.events);
  });

  it('bad input names file, line and field, exits 2, and leaves no output behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-bad-'));
    const csv = join(dir, 'bad.csv');
    writeFileSync(
      join(dir, 'bad.csv.instrument.json'),
      JSON.stringify({ symbol: 'X', venue: 'T', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' }),
    );
    writeFileSync(csv, 'ts_exch,ts_local,kind,side,price,qty,order_id\n1000,,level,bid,10.00,5,\n2000,,level,ask,10.005,5,\n');
    const out = join(dir, 'out.vtb');
    const r = runCli(['data', 'convert', csv, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${csv}:3`);
    expect(r.stderr).toContain('price');
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'bad.csv.instrument.json']);
    expect(existsSync(out)).toBe(false);
  });

  it('demo backtests the example market maker on shipped data with no server', () => {
    const r = runCli(['demo', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { counters: { events: number; fills: number }; kpis: { maker_fills: number }; pnl: { start_equity: string; end_equity: string; pnl: string } };
    expect(report.counters.events).toBeGreaterThan(50_000);
    expect(report.counters.fills).toBeGreaterThan(0);
    expect(report.kpis.maker_fills).toBe(report.counters.fills); // it only quotes, never takes
    expect(Number(report.pnl.end_equity) - Number(report.pnl.start_equity)).toBeCloseTo(Number(report.pnl.pnl), 8);
    const again = runCli(['demo', '--json']);
    expect(again.stdout).toBe(r.stdout); // deterministic
    const people = runCli(['demo']);
    expect(people.code).toBe(0);
    expect(people.stdout).toContain('orders / fills');
    expect(people.stdout).toContain('equity');
  });
});
