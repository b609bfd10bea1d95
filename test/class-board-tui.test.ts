import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/run-cli.js';
import { TmuxTerminal } from './support/tmux-terminal.js';

/**
 * The projector board in a real terminal: it starts with every student not started, then follows
 * a student's replay as its fills are booked by another process, with no restart.
 */
const SCENARIO = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');
const term = new TmuxTerminal('class');
const db = join(term.work, 'class.db');
const env = { VTRADE_DB: db, VTRADE_FROM_SOURCE: '1' };
const cli = (args: string[]) => runCli(args, { env });
const row = (screen: string, name: string) => screen.split('\n').find((l) => new RegExp(`\\s${name}\\s`).test(l)) ?? '';

describe('vtrade class board --tui in a real terminal (tmux)', () => {
  beforeAll(() => {
    term.start();
    for (const a of ['alice', 'bob']) expect(cli(['account', 'create', a, '--cash', '100000']).code).toBe(0);
    writeFileSync(join(term.work, 'rules.json'), JSON.stringify({ longOnly: true, minTrades: 2 }));
    expect(cli(['class', 'create', 'fin101', '--scenario', SCENARIO, '--rules', join(term.work, 'rules.json')]).code).toBe(0);
    for (const a of ['alice', 'bob']) expect(cli(['class', 'join', 'fin101', '--account', a]).code).toBe(0);
  });
  afterAll(() => term.stop());

  it('shows students as not started, updates as fills are booked, hides balances, sorts, quits cleanly', async () => {
    term.typeText(`VTRADE_DB=${db} node ${resolve(repoRoot, 'bin/vtrade')} class board fin101 --tui --interval 0.3; echo EXIT=$?`);
    term.keys('Enter');
    const first = await term.waitFor('not-started', (s) => s.includes('Class fin101 · 2 students') && row(s, 'alice').includes('not started') && row(s, 'bob').includes('not started'), 60_000);
    expect(first).toContain('equity');
    expect(term.flag('alternate_on')).toBe('1');

    // alice trades in another process; the board picks the fills up by itself.
    const orders = join(term.work, 'alice.csv');
    writeFileSync(orders, 'id,ts,side,type,qty,limit,tif\na1,2024-01-02T14:30:10Z,buy,market,100,,IOC\na2,2024-01-02T14:31:00Z,sell,market,100,,IOC\n');
    const replay = cli(['replay', SCENARIO, '--account', 'alice', '--orders', orders]);
    expect(replay.code, replay.stderr).toBe(0);
    const ranked = await term.waitFor('alice-ranked', (s) => /^\s+1\s+alice\s/m.test(s) && /alice\s+[+−]?\d+\.\d{4}\s+2\s+ok\s+(now|\d+s ago)/.test(row(s, 'alice')), 30_000);
    expect(row(ranked, 'bob')).toContain('not started');

    term.keys('p');
    const hidden = await term.waitFor('balances-hidden', (s) => s.includes('balances hidden'));
    expect(hidden).not.toContain('equity');
    expect(row(hidden, 'alice')).not.toMatch(/100\d{3}\.|99\d{3}\./);

    term.keys('s');
    await term.waitFor('sorted-by-return', (s) => s.includes('sort: return'));
    term.keys('q');
    const done = await term.waitFor('quit', (s) => s.includes('EXIT=0'));
    expect(term.flag('alternate_on')).toBe('0');
    expect(done).not.toContain('Class fin101');
  });

  it('without a terminal it is a usage error in one line, and the plain board says who has not started', () => {
    const r = cli(['class', 'board', 'fin101', '--tui']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain('needs a terminal');
    const b = JSON.parse(cli(['class', 'board', 'fin101', '-o', 'json']).stdout) as { min_trades: number; rows: { account: string; status: string; rules: string; trades: number; last_trade: string | null }[] };
    expect(b.min_trades).toBe(2);
    expect(b.rows.map((x) => [x.account, x.status, x.rules, x.trades])).toEqual([
      ['alice', 'ranked', 'ok', 2],
      ['bob', 'not started', '0/2 trades', 0],
    ]);
    expect(b.rows[0].last_trade).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(b.rows[1].last_trade).toBeNull();
  });
});
