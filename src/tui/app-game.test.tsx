import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineProvider } from '../copilot/provider/offline.js';
import { session as chat } from '../../test/support/copilot-fixtures.js';
import { levelInfo } from '../game/levels.js';
import { rebuildPlayer } from '../services/game-ingest.js';
import { account, freshGameDb, SCENARIO, tradeRun } from '../../test/support/game-helpers.js';
import { createClass, joinClass } from '../store/classes.js';
import { App } from './app.js';
import { dbCopilotSource } from './copilot-source.js';
import { dbGameSource } from './game-source.js';
import { makeKeymap } from './keys.js';
import { rig, tick, waitFrame } from '../../test/support/tui-session.js';
import { makeTheme } from './theme.js';

afterEach(() => cleanup());

/**
 * The game's day and week (missions, the weekly board) are those of the clock the app is given:
 * a fixed Wednesday noon, so that trades a minute earlier are always the same day and week.
 */
const NOW = Date.parse('2026-02-04T12:00:00Z');
const clock = () => NOW;

describe('App with an account', () => {
  it('re-reads missions and ranks from the database on its own timer, and the copilot line keeps the keys it is given', async () => {
    const r = await rig({ events: 1500 });
    r.engine.push(r.events);
    const db = freshGameDb();
    const alice = account(db, 'alice');
    const game = dbGameSource(db, 'alice');
    const copilot = dbCopilotSource(db, 'alice', chat(new OfflineProvider(), db));
    let quit = 0;
    const { stdin, lastFrame } = render(
      <App session={r.session} keymap={makeKeymap()} theme={makeTheme(false)} fps={30} size={{ columns: 160, rows: 44 }} game={game} gameIntervalMs={100} gameNow={clock} copilot={copilot} onQuit={() => quit++} />,
    );
    await waitFrame(lastFrame, (f) => f.includes('Lv 1 ') && f.includes('0 XP'));
    expect(lastFrame()).toContain('not ranked');

    // Fills booked while the UI runs reach the panes through the ingest, without any key.
    tradeRun(db, alice, new Date(NOW - 60_000).toISOString(), Array.from({ length: 4 }, (_, i) => ({ side: i % 2 ? ('sell' as const) : ('buy' as const), price: 100 + (i % 2), qty: 10 })));
    await waitFrame(lastFrame, (f) => /> +1 +alice/.test(f), 5000);
    const xp = rebuildPlayer(db, alice.id, 'alice').xp;
    expect(xp).toBeGreaterThan(0);
    expect(lastFrame()).toContain(`${xp} XP`);
    expect(lastFrame()).toContain(`Lv ${levelInfo(xp).level} `);

    // Focus the copilot: q, b and Space are text there, not quit, buy or pause.
    for (let i = 0; i < 5; i++) stdin.write('\t');
    await waitFrame(lastFrame, (f) => f.includes('▶ Copilot'));
    stdin.write('q');
    stdin.write('b');
    stdin.write(' ');
    await tick();
    expect(lastFrame()).toContain('? qb █');
    expect(quit).toBe(0);
    expect(r.controls).toEqual([]);
    expect(lastFrame()).toContain('approve: vtrade approve <id>');
    expect(lastFrame()).toContain('Enter ask · Tab leave');
  });

  it("a student in a class sees the class's board first, and the switch key goes to global and back", async () => {
    const r = await rig({ events: 10 });
    const db = freshGameDb();
    const alice = account(db, 'alice');
    const bob = account(db, 'bob');
    createClass(db, { name: 'fin101', scenario: SCENARIO, rules: { minTrades: 2 }, createdAt: new Date(NOW - 180_000).toISOString() });
    joinClass(db, 'fin101', { accountId: alice.id, joinedAtMs: NOW - 120_000, baseEquity: '100000', baseFlows: '100000' });
    const at = new Date(NOW - 60_000).toISOString();
    const trips = Array.from({ length: 6 }, (_, i) => ({ side: i % 2 ? ('sell' as const) : ('buy' as const), price: 100 + (i % 2), qty: 10 }));
    tradeRun(db, alice, at, trips);
    tradeRun(db, bob, at, trips.map((t) => ({ ...t, price: 200 - t.price }))); // bob trades too, outside the class
    const game = dbGameSource(db, 'alice');
    expect(game.boards.map((b) => b.label)).toEqual(['class fin101', 'global']);
    const { stdin, lastFrame } = render(<App session={r.session} keymap={makeKeymap()} theme={makeTheme(false)} fps={30} size={{ columns: 240, rows: 44 }} game={game} gameIntervalMs={50} gameNow={clock} />);
    const classBoard = await waitFrame(lastFrame, (f) => f.includes('Leaderboard · class fin101 · all') && /> +1 +alice +\+0\.\d\d%/.test(f), 5000);
    expect(classBoard).toContain('min 2 trades · g: global');
    expect(classBoard).not.toMatch(/\d +bob /);
    for (let i = 0; i < 4; i++) stdin.write('\t');
    await waitFrame(lastFrame, (f) => f.includes('▶ Leaderboard'));
    stdin.write('g');
    const global = await waitFrame(lastFrame, (f) => f.includes('Leaderboard · global · week') && f.includes('g: class') && /\d +bob /.test(f), 5000);
    expect(global).toMatch(/> +\d +alice/);
    stdin.write('g');
    await waitFrame(lastFrame, (f) => f.includes('Leaderboard · class fin101 · all'), 5000);
  });

  it('says why the game and copilot panes are empty without an account', async () => {
    const r = await rig({ events: 10 });
    const { lastFrame } = render(<App session={r.session} keymap={makeKeymap()} theme={makeTheme(false)} fps={30} size={{ columns: 160, rows: 44 }} />);
    await tick();
    expect(lastFrame()!.split('no paper account').length - 1).toBe(3);
    // The copilot pane says what the copilot needs, not what the missions need.
    // The right-hand column, read as text: each row's last cell between box edges.
    const words = lastFrame()!.split('\n').map((l) => l.split('│').at(-2) ?? '').join(' ').replace(/\s+/g, ' ');
    expect(words).toContain('Copilot no paper account in this run: the copilot reads an account');
  });
});
