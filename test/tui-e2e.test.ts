import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir } from './support/data-dir.js';
import { repoRoot, runCli } from './support/run-cli.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openDatabase } from '../src/store/database.js';
import { accountMarkets } from '../src/store/account-markets.js';
import { findAccount } from '../src/store/accounts.js';
import { eventsOf, TmuxTerminal } from './support/tmux-terminal.js';

/**
 * The real bin/vtrade in a real terminal: tmux runs a shell, the test types into it and reads
 * the screen back. Every screen it looks at is saved under the test's temp dir (screens/).
 */
const term = new TmuxTerminal('e2e');
const { tmux, screen, keys, typeText, flag, waitFor } = term;
const data = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');

describe('vtrade replay --tui in a real terminal (tmux)', () => {
  beforeAll(() => term.start());
  afterAll(() => term.stop());

  it('pauses, steps, places and cancels an order from the ticket, shows help, survives resizes, quits restoring the terminal', async () => {
    typeText('echo BEFORE-TUI');
    keys('Enter');
    await waitFor('shell', (s) => s.includes('BEFORE-TUI\n'));
    typeText(`node ${resolve(repoRoot, 'bin/vtrade')} replay ${data} --tui --speed 1x --latency 1ms; echo EXIT=$?`);
    keys('Enter');
    await waitFor('started', (s) => /vtrade AMZN │ \d\d:\d\d:\d\d\.\d{3} │ ▶ replaying/.test(s) && /\d+\.\d+\s+\d+\s+bid █/.test(s), 60_000);
    expect(flag('alternate_on')).toBe('1');

    keys('Space');
    const paused = await waitFor('paused', (s) => s.includes('❚❚ PAUSED'));
    // Paused: the count stands still.
    await new Promise((r) => setTimeout(r, 300));
    const n = eventsOf(screen());
    expect(eventsOf(paused)).toBe(n);

    keys('.');
    await waitFor('stepped', (s) => eventsOf(s) === n + 1);

    // The buy ticket opens at the best bid; type a quantity and send it.
    keys('b');
    const ticket = await waitFor('ticket', (s) => s.includes('Order ticket · BUY AMZN'));
    const limit = /price\s+(\d+\.\d+)/.exec(ticket)![1];
    typeText('10');
    await waitFor('ticket-preview', (s) => /quantity\s+10/.test(s) && s.includes('est. fee') && s.includes('buying power after'));
    keys('Enter');
    const sent = await waitFor('order-sent', (s) => s.includes('M1 sent: buy 10 @ ' + limit));
    // On the ladder, at its level.
    const row = sent.split('\n').find((l) => l.includes('◆B 10'));
    expect(row).toBeDefined();
    expect(row).toContain(limit);

    // Time has to pass for the order to reach the venue: step until it is open or filled.
    const stepUntil = async (name: string, test: (x: string) => boolean) => {
      let x = screen();
      for (let i = 0; i < 400 && !test(x); i++) {
        keys('.');
        await new Promise((r) => setTimeout(r, 15));
        x = screen();
      }
      return waitFor(name, test);
    };
    const m1 = await stepUntil('m1-arrived', (x) => /M1\s+buy\s+(limit\s+)?.*(open|filled)/.test(x));
    if (/M1.*filled/.test(m1)) await waitFor('m1-fill-listed', (x) => /fills · [1-9]/.test(x) && /M1\s+buy\s+10\s/.test(x));

    // A second order a dollar under the bid rests; cancel it from the orders pane.
    keys('b');
    const t2 = await waitFor('ticket-2', (x) => x.includes('Order ticket · BUY AMZN'));
    const bid = Number(/price\s+(\d+\.\d+)/.exec(t2)![1]);
    const low = (bid - 1).toFixed(4);
    // Paced like a person types: keys sent in one burst reach the app as one chunk.
    const pause = () => new Promise((r) => setTimeout(r, 40));
    typeText('5');
    await pause();
    keys('Down');
    await pause();
    for (let i = 0; i < 12; i++) {
      keys('BSpace');
      await pause();
    }
    typeText(low);
    await waitFor('ticket-2-filled-in', (x) => new RegExp(`price\\s+${low.replace('.', '\\.')}`).test(x) && x.includes('fills now  none; 5 rests'));
    keys('Enter');
    await waitFor('m2-on-ladder', (x) => x.includes(`M2 sent: buy 5 @ ${low}`));
    await stepUntil('m2-open', (x) => /M2\s+buy\s+(limit\s+)?.*open/.test(x));
    keys('Tab');
    await waitFor('orders-focused', (x) => x.includes('▶ Orders & fills') && /▸ M2/.test(x));
    keys('c');
    await waitFor('cancel-sent', (x) => x.includes('cancel sent for M2'));
    await stepUntil('m2-cancelled', (x) => /M2\s+buy\s+(limit\s+)?.*cancelled/.test(x));

    keys('?');
    await waitFor('help', (x) => x.includes('Keys · Esc closes') && x.includes('step one event'));
    keys('Escape');
    await waitFor('help-closed', (x) => !x.includes('Keys · Esc closes') && x.includes('Orders & fills'));

    tmux('resize-window', '-t', 'e2e', '-x', '80', '-y', '30');
    await waitFor('narrow', (x) => x.includes('[Orders & fills]') || x.includes('[Book]'));
    tmux('resize-window', '-t', 'e2e', '-x', '50', '-y', '12');
    await waitFor('too-small', (x) => x.includes('Please enlarge the window'));
    keys('b');
    await new Promise((r) => setTimeout(r, 200));
    expect(screen()).not.toContain('Order ticket');
    tmux('resize-window', '-t', 'e2e', '-x', '140', '-y', '40');
    await waitFor('wide-again', (x) => x.includes('Missions & XP') && x.includes('no paper account') && x.includes('❚❚ PAUSED'));

    keys('q');
    const after = await waitFor('quit', (x) => x.includes('EXIT=0'), 30_000);
    expect(after).toContain('BEFORE-TUI');
    expect(after).not.toContain('vtrade AMZN │');
    expect(flag('alternate_on')).toBe('0');
    expect(flag('cursor_flag')).toBe('1');
  });

  it('"A+B" on an account: i puts the other instrument\'s book on screen, every position is listed, and quitting early keeps each instrument\'s market', async () => {
    const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-tui-multi-')), 'paper.db') };
    expect(runCli(['account', 'create', 'eve', '--cash', '100000'], { env }).code).toBe(0);
    const amzn = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_1.zip');
    const goog = join(dataDir(), 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_1.zip');
    typeText(`clear; VTRADE_DB=${env.VTRADE_DB} node ${resolve(repoRoot, 'bin/vtrade')} replay "${amzn}+${goog}" --tui --account eve --speed 100x; echo EXIT=$?`);
    keys('Enter');
    await waitFor('multi-started', (s) => s.includes('Book AMZN.NASDAQ (1/2)') && /Positions & NAV/.test(s) && /AMZN\s+0 \(flat\)/.test(s) && /GOOG\s+0 \(flat\)/.test(s), 60_000);
    keys('i');
    await waitFor('multi-goog', (s) => s.includes('Book GOOG.NASDAQ (2/2)') && s.includes('vtrade GOOG │') && /5\d\d\.\d{4}\s+\d+\s+(bid|ask) █/.test(s));
    keys('q');
    await waitFor('multi-quit', (x) => x.includes('EXIT=0'), 30_000);
    // Quit long before the data ends: the run is closed, and each instrument's book as the run
    // left it is the account's market for it, from its own recording.
    const db = openDatabase(env.VTRADE_DB);
    try {
      const markets = accountMarkets(db, findAccount(db, 'eve').id);
      expect(markets.map((m) => [m.symbol, m.source])).toEqual([
        ['AMZN', amzn],
        ['GOOG', goog],
      ]);
      for (const m of markets) {
        expect(m.bids.length + m.asks.length).toBeGreaterThan(0);
        expect(m.tsNs).toBeLessThan(1340308799959359650n); // the recordings' last event
      }
      const run = db.prepare('SELECT status FROM runs WHERE id = ?').get(markets[0].runId) as { status: string };
      expect(run.status).toBe('done');
    } finally {
      db.close();
    }
  });
});
