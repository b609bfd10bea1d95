import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { rebuildPlayer } from '../../services/game-ingest.js';
import { account, freshGameDb, tradeRun, type TradeStep } from '../../../test/support/game-helpers.js';
import { AppContext } from '../context.js';
import { dbGameSource, NO_GAME } from '../game-source.js';
import { makeKeymap } from '../keys.js';
import { rig, tick, type TestRig } from '../../../test/support/tui-session.js';
import { makeTheme } from '../theme.js';
import { ThemeContext } from '../theme-context.js';
import { LeaderboardPane } from './leaderboard-pane.js';
import { MissionsPane, progressBar } from './missions-pane.js';

afterEach(() => cleanup());

/** A fixed Wednesday noon: trades a minute earlier are always in the same UTC day and week. */
const NOW = Date.parse('2026-02-04T12:00:00Z');

function wrap(r: TestRig, node: ReactNode) {
  return (
    <ThemeContext.Provider value={makeTheme(false)}>
      <AppContext.Provider value={{ session: r.session, keymap: makeKeymap(), dispatch: () => {} }}>{node}</AppContext.Provider>
    </ThemeContext.Provider>
  );
}

const trips = (n: number, buy: number, sell: number): TradeStep[] =>
  Array.from({ length: n }, () => [
    { side: 'buy' as const, price: buy, qty: 10 },
    { side: 'sell' as const, price: sell, qty: 10 },
  ]).flat();

/** Two accounts that traded this week, through the real booking and game ingest. */
async function gameDb() {
  const db = freshGameDb();
  const alice = account(db, 'alice');
  const bob = account(db, 'bob');
  const at = new Date(NOW - 60_000).toISOString();
  tradeRun(db, alice, at, trips(6, 100, 101));
  tradeRun(db, bob, at, trips(6, 100, 99));
  const game = dbGameSource(db, 'alice');
  await game.refresh();
  return { db, alice, game };
}

describe('MissionsPane', () => {
  it("shows the account's level, XP, active missions with progress and deadlines, and its badges", async () => {
    const r = await rig({ events: 10 });
    const { db, alice, game } = await gameDb();
    const view = game.missions(NOW);
    const truth = rebuildPlayer(db, alice.id, 'alice');
    expect(view.level.xp).toBe(truth.xp);
    const frame = render(wrap(r, <MissionsPane view={view} empty="" focused active width={40} height={30} />)).lastFrame()!;
    expect(frame).toContain(`Lv ${view.level.level} ${view.level.tier}`);
    expect(frame).toContain(`${truth.xp} XP`);
    const active = truth.missions.filter((m) => m.status === 'active');
    expect(frame).toContain(`${active.length} active`);
    expect(active.length).toBeGreaterThan(0);
    const m = active[0];
    expect(frame).toContain(m.title.slice(0, 20));
    expect(frame).toContain(`${Math.min(m.progress, m.target)}/${m.target}`);
    expect(frame).toMatch(m.deadline === null ? /no deadline/ : /\d+[hd] \d+[mh] left/);
    expect(Object.keys(truth.badges).length).toBeGreaterThan(0);
    expect(frame).toContain('badges: ');
    expect(frame).toContain('First');
  });

  it('says why it is empty without an account', async () => {
    const r = await rig({ events: 10 });
    const frame = render(wrap(r, <MissionsPane view={undefined} empty={NO_GAME} focused={false} active={false} width={40} height={12} />)).lastFrame()!;
    expect(frame).toContain('no paper account');
  });

  it('draws progress as a bar with the numbers', () => {
    expect(progressBar(3, 6, 6)).toBe('███░░░ 3/6');
    expect(progressBar(9, 6, 4)).toBe('████ 6/6');
  });

  it('scrolls the missions with ↑↓ only while active', async () => {
    const r = await rig({ events: 10 });
    const { game } = await gameDb();
    const view = game.missions(NOW);
    expect(view.active.length).toBeGreaterThan(1);
    const inactive = render(wrap(r, <MissionsPane view={view} empty="" focused={false} active={false} width={40} height={12} />));
    await tick();
    inactive.stdin.write('j');
    await tick();
    expect(inactive.lastFrame()).not.toContain(' 2-');
    inactive.unmount();
    const { stdin, lastFrame } = render(wrap(r, <MissionsPane view={view} empty="" focused active width={40} height={12} />));
    await tick();
    stdin.write('j');
    await tick();
    expect(lastFrame()).toContain(` 2-`);
  });
});

describe('LeaderboardPane', () => {
  it("lists the week's board with the account's own row marked, and rank moves as ▲/▼", async () => {
    const r = await rig({ events: 10 });
    const { game } = await gameDb();
    const board = await game.leaderboard(NOW, 10);
    // alice made money and bob lost it: alice leads.
    expect(board.top.map((x) => x.account)).toEqual(['alice', 'bob']);
    const frame = render(wrap(r, <LeaderboardPane board={board} account="alice" moves={{ alice: 1, bob: -1 }} empty="" focused active width={40} height={12} />)).lastFrame()!;
    expect(frame).toContain('2 ranked');
    expect(frame).toMatch(/>\s+1 ▲1 alice\s+\+\d+\.\d\d% 12t/);
    expect(frame).toMatch(/ \s+2 ▼1 bob\s+−\d+\.\d\d% 12t/);
  });

  it('says why it is empty without an account', async () => {
    const r = await rig({ events: 10 });
    const frame = render(wrap(r, <LeaderboardPane board={undefined} account={undefined} moves={{}} empty={NO_GAME} focused={false} active={false} width={40} height={12} />)).lastFrame()!;
    expect(frame).toContain('no paper account');
  });
});
