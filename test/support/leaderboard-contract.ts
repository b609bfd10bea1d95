import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/engine/random/seeded-random.js';
import { encodeScore, type BoardChange, type Leaderboard } from '../../src/game/leaderboard.js';

export interface BoardFixture {
  /** A fresh, empty leaderboard for one test. */
  make(): Promise<Leaderboard>;
  teardown?(): Promise<void>;
}

/** Byte order of two strings, the documented last tie-break (what memcmp gives for UTF-8). */
export const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The ranking rule computed from raw figures, independently of the score encoding. */
export function referenceOrder(entries: { account: string; returnPct: number; trades: number }[]): string[] {
  return [...entries]
    .sort((x, y) => Math.round(y.returnPct * 1e4) - Math.round(x.returnPct * 1e4) || y.trades - x.trades || byteCompare(x.account, y.account))
    .map((e) => e.account);
}

/** A seeded stream of updates with many ties, to a few boards, with removals. */
export function changeStream(seed: number, members: number, updates: number): { changes: BoardChange[]; final: Map<string, Map<string, { returnPct: number; trades: number }>> } {
  const rng = new SeededRandom(seed);
  const names = Array.from({ length: members }, (_, i) => [`acct${i}`, `Acct${i}`, `a-${i}`, `z.${i}`][i % 4]);
  const boards = ['global|all', 'global|day:2026-03-09', 'cohort:fin101|all'];
  const final = new Map(boards.map((b) => [b, new Map<string, { returnPct: number; trades: number }>()]));
  const changes: BoardChange[] = [];
  for (let i = 0; i < updates; i++) {
    const board = boards[rng.int(boards.length)];
    const account = names[rng.int(names.length)];
    if (rng.next() < 0.08) {
      changes.push({ board, account, score: null });
      final.get(board)!.delete(account);
      continue;
    }
    // Coarse returns and few trade counts, so ties on both happen often.
    const returnPct = (rng.int(41) - 20) / 4 + (rng.next() < 0.1 ? rng.int(10_000) / 10_000 : 0);
    const trades = rng.int(6);
    changes.push({ board, account, score: encodeScore(returnPct, trades) });
    final.get(board)!.set(account, { returnPct, trades });
  }
  return { changes, final };
}

/** The one suite every leaderboard implementation passes. */
export function leaderboardContract(name: string, fixture: BoardFixture): void {
  describe(`${name} leaderboard (shared suite)`, () => {
    let lb: Leaderboard;
    beforeAll(async () => {
      lb = await fixture.make();
    });
    afterAll(async () => {
      await lb?.close();
      await fixture.teardown?.();
    });

    it('ranks by return, then more trades, then account name in byte order', async () => {
      const b = 'global|week:2026-03-09';
      const entries = [
        { account: 'carol', returnPct: 2.5, trades: 4 },
        { account: 'alice', returnPct: 2.5, trades: 9 },
        { account: 'Bob', returnPct: 2.5, trades: 4 },
        { account: 'bob', returnPct: 2.5, trades: 4 },
        { account: 'dave', returnPct: 7.25, trades: 3 },
        { account: 'erin', returnPct: -1, trades: 50 },
        { account: 'frank', returnPct: 0, trades: 3 },
      ];
      await lb.apply(entries.map((e) => ({ board: b, account: e.account, score: encodeScore(e.returnPct, e.trades) })), 7);
      const top = await lb.top(b, 10);
      expect(top.map((r) => r.account)).toEqual(['dave', 'alice', 'Bob', 'bob', 'carol', 'frank', 'erin']);
      expect(top.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(top.map((r) => r.account)).toEqual(referenceOrder(entries));
      expect(await lb.rank(b, 'carol')).toEqual({ rank: 5, account: 'carol', score: encodeScore(2.5, 4) });
      expect(await lb.size(b)).toBe(7);
      expect(await lb.cursor()).toBe(7);
    });

    it('moves a member when its score changes and drops it when removed; other boards are untouched', async () => {
      const b = 'global|day:2026-03-10';
      const other = 'cohort:fin101|day:2026-03-10';
      await lb.apply(
        [
          { board: b, account: 'alice', score: encodeScore(1, 1) },
          { board: b, account: 'bob', score: encodeScore(2, 1) },
          { board: other, account: 'alice', score: encodeScore(9, 1) },
        ],
        10,
      );
      expect((await lb.top(b, 5)).map((r) => r.account)).toEqual(['bob', 'alice']);
      await lb.apply([{ board: b, account: 'alice', score: encodeScore(3, 1) }], 11);
      expect((await lb.top(b, 5)).map((r) => r.account)).toEqual(['alice', 'bob']);
      await lb.apply([{ board: b, account: 'alice', score: null }], 12);
      expect((await lb.top(b, 5)).map((r) => r.account)).toEqual(['bob']);
      expect(await lb.rank(b, 'alice')).toBeUndefined();
      expect(await lb.rank(other, 'alice')).toMatchObject({ rank: 1 });
      // Removing a member that is not there is fine.
      await lb.apply([{ board: b, account: 'nobody', score: null }], 13);
      expect(await lb.size(b)).toBe(1);
      expect(await lb.size('global|day:1999-01-01')).toBe(0);
      expect(await lb.top('global|day:1999-01-01', 10)).toEqual([]);
    });

    it('applying the same changes twice gives the same board', async () => {
      const b = 'global|month:2026-03';
      const { changes } = changeStream(11, 40, 400);
      const mine = changes.map((c) => ({ ...c, board: b }));
      await lb.apply(mine, 500);
      const once = await lb.top(b, 1000);
      await lb.apply(mine, 500);
      expect(await lb.top(b, 1000)).toEqual(once);
      expect(await lb.cursor()).toBe(500);
    });

    it('top with offset, rank, page and around agree with the reference order on a seeded stream', async () => {
      const { changes, final } = changeStream(20260309, 300, 6_000);
      const prefixed = changes.map((c) => ({ ...c, board: `s:${c.board}` }));
      await lb.apply(prefixed, 9_000);
      for (const [board, members] of final) {
        const key = `s:${board}`;
        const expected = referenceOrder([...members].map(([account, v]) => ({ account, ...v })));
        const all = await lb.top(key, expected.length + 5);
        expect(all.map((r) => r.account)).toEqual(expected);
        expect((await lb.top(key, 7, 10)).map((r) => [r.rank, r.account])).toEqual(expected.slice(10, 17).map((a, i) => [11 + i, a]));
        for (const [i, account] of expected.entries()) {
          if (i % 7 !== 0 && i !== expected.length - 1) continue;
          const r = await lb.rank(key, account);
          expect(r?.rank).toBe(i + 1);
          const v = members.get(account)!;
          expect(r?.score).toBe(encodeScore(v.returnPct, v.trades));
        }
        const probe = expected[Math.floor(expected.length / 2)];
        const page = await lb.page(key, 5, probe);
        expect(page.total).toBe(expected.length);
        expect(page.top.map((r) => r.account)).toEqual(expected.slice(0, 5));
        expect(page.me).toMatchObject({ account: probe, rank: expected.indexOf(probe) + 1 });
        expect((await lb.page(key, 3, 'not-a-member')).me).toBeUndefined();
        // Around the first, a middle and the last member: clipped at both ends.
        for (const idx of [0, Math.floor(expected.length / 2), expected.length - 1]) {
          const around = await lb.around(key, expected[idx], 3);
          expect(around.map((r) => r.account)).toEqual(expected.slice(Math.max(0, idx - 3), idx + 4));
          expect(around[0].rank).toBe(Math.max(0, idx - 3) + 1);
        }
        expect(await lb.around(key, 'not-a-member', 3)).toEqual([]);
      }
    });
  });
}
