import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineProvider } from '../copilot/provider/offline.js';
import { session as chat } from '../../test/support/copilot-fixtures.js';
import { levelInfo } from '../game/levels.js';
import { rebuildPlayer } from '../services/game-ingest.js';
import { account, freshGameDb, tradeRun } from '../../test/support/game-helpers.js';
import { App } from './app.js';
import { dbCopilotSource } from './copilot-source.js';
import { dbGameSource } from './game-source.js';
import { makeKeymap } from './keys.js';
import { rig, tick, waitFrame } from '../../test/support/tui-session.js';
import { makeTheme } from './theme.js';

afterEach(() => cleanup());

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
      <App session={r.session} keymap={makeKeymap()} theme={makeTheme(false)} fps={30} size={{ columns: 160, rows: 44 }} game={game} gameIntervalMs={100} copilot={copilot} onQuit={() => quit++} />,
    );
    await waitFrame(lastFrame, (f) => f.includes('Lv 1 ') && f.includes('0 XP'));
    expect(lastFrame()).toContain('not ranked');

    // Fills booked while the UI runs reach the panes through the ingest, without any key.
    tradeRun(db, alice, new Date(Date.now() - 60_000).toISOString(), Array.from({ length: 4 }, (_, i) => ({ side: i % 2 ? ('sell' as const) : ('buy' as const), price: 100 + (i % 2), qty: 10 })));
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

  it('says why the game and copilot panes are empty without an account', async () => {
    const r = await rig({ events: 10 });
    const { lastFrame } = render(<App session={r.session} keymap={makeKeymap()} theme={makeTheme(false)} fps={30} size={{ columns: 160, rows: 44 }} />);
    await tick();
    expect(lastFrame()!.split('no paper account').length - 1).toBe(3);
  });
});
