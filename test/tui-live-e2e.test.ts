import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/run-cli.js';
import { eventsOf, TmuxTerminal } from './support/tmux-terminal.js';

/**
 * `vtrade live --data <recording> --tui` in a real terminal (tmux): the recording plays on the
 * in-process bus, so no server is needed. Every screen looked at is saved under screens/.
 */
const term = new TmuxTerminal('live');
const { screen, keys, typeText, flag, waitFor } = term;
const SYN = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');
const MM = resolve(repoRoot, 'fixtures/strategies/market-maker.ts');

describe('vtrade live --data --tui in a real terminal (tmux)', () => {
  beforeAll(() => term.start());
  afterAll(() => term.stop());

  it('shows the book with the status bar live, pauses the display only, refuses steps, quits restoring the terminal', async () => {
    typeText('echo BEFORE-TUI');
    keys('Enter');
    await waitFor('shell', (s) => s.includes('BEFORE-TUI\n'));
    // A paper account trades: the missions pane follows its game as fills are booked.
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-tui-live-')), 'v.db');
    expect(runCli(['account', 'create', 'alice', '--cash', '100000', '--db', db]).code).toBe(0);
    typeText(`node ${resolve(repoRoot, 'bin/vtrade')} live --data ${SYN} --strategy ${MM} --account alice --db ${db} --tui --json; echo EXIT=$?`);
    keys('Enter');
    const started = await waitFor('started', (s) => /vtrade \S+ │ \d\d:\d\d:\d\d\.\d{3} │ live │/.test(s) && /\d+\.\d+\s+\d+\s+bid █/.test(s), 20_000);
    expect(started).not.toContain('speed');
    expect(flag('alternate_on')).toBe('1');
    // The feed flows: the count grows.
    const n0 = eventsOf(started);
    await waitFor('flowing', (s) => eventsOf(s) > n0);
    // The account's fills reach the game while the run goes on: XP beyond zero in the missions pane.
    await waitFor('game-live', (s) => s.includes('Missions & XP · alice') && /Lv \d+ \w+ · [1-9]\d* XP/.test(s), 30_000);

    // Space freezes the display; the status bar says so.
    keys('Space');
    const paused = await waitFor('paused', (s) => s.includes('❚❚ PAUSED'));
    await new Promise((r) => setTimeout(r, 300));
    expect(eventsOf(screen())).toBe(eventsOf(paused));
    // A single step has no meaning on a live feed.
    keys('.');
    await waitFor('no-step', (s) => s.includes('cannot step'));
    // Resumed, the display catches up with the engine, which kept taking the feed.
    keys('Space');
    const resumed = await waitFor('resumed', (s) => /│ live │/.test(s) && eventsOf(s) > eventsOf(paused));
    expect(eventsOf(resumed)).toBeGreaterThan(eventsOf(paused));

    keys('q');
    const after = await waitFor('quit', (s) => /EXIT=\d+/.test(s));
    expect(flag('alternate_on')).toBe('0');
    expect(after).toContain('BEFORE-TUI');
    expect(/EXIT=(\d+)/.exec(after)![1]).toBe('0');
    expect(after).toContain('"stopped_by":"signal"');
  }, 60_000);
});
