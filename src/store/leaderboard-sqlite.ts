import type { BoardChange, BoardPage, Leaderboard, Ranked } from '../game/leaderboard.js';
import type { Db } from './database.js';

/**
 * The embedded leaderboard (the default): entries in the account database, ordered by
 * (score, member) through an index, which is the documented ranking. A rank is the count of
 * entries ahead of the member, a range count on that index.
 */
export class SqliteLeaderboard implements Leaderboard {
  readonly kind = 'sqlite' as const;
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      upsert: db.prepare('INSERT INTO leaderboard_entries (board, member, score) VALUES (?, ?, ?) ON CONFLICT (board, member) DO UPDATE SET score = excluded.score'),
      remove: db.prepare('DELETE FROM leaderboard_entries WHERE board = ? AND member = ?'),
      setCursor: db.prepare('INSERT INTO leaderboard_cursor (id, cursor) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor'),
      getCursor: db.prepare('SELECT cursor FROM leaderboard_cursor WHERE id = 1'),
      range: db.prepare('SELECT member, score FROM leaderboard_entries WHERE board = ? ORDER BY score, member LIMIT ? OFFSET ?'),
      score: db.prepare('SELECT score FROM leaderboard_entries WHERE board = ? AND member = ?'),
      ahead: db.prepare('SELECT COUNT(*) AS n FROM leaderboard_entries WHERE board = ? AND (score, member) < (?, ?)'),
      size: db.prepare('SELECT COUNT(*) AS n FROM leaderboard_entries WHERE board = ?'),
    };
  }

  async apply(changes: readonly BoardChange[], cursor: number): Promise<void> {
    this.db.transaction(() => {
      for (const c of changes) {
        if (c.score === null) this.q.remove.run(c.board, c.account);
        else this.q.upsert.run(c.board, c.account, c.score);
      }
      this.q.setCursor.run(cursor);
    })();
  }

  async cursor(): Promise<number> {
    return (this.q.getCursor.get() as { cursor: number } | undefined)?.cursor ?? 0;
  }

  async top(board: string, n: number, offset = 0): Promise<Ranked[]> {
    return this.topSync(board, n, offset);
  }

  private topSync(board: string, n: number, offset: number): Ranked[] {
    if (n <= 0) return [];
    const rows = this.q.range.all(board, n, offset) as { member: string; score: number }[];
    return rows.map((r, i) => ({ rank: offset + i + 1, account: r.member, score: r.score }));
  }

  async rank(board: string, account: string): Promise<Ranked | undefined> {
    return this.rankSync(board, account);
  }

  private rankSync(board: string, account: string): Ranked | undefined {
    const row = this.q.score.get(board, account) as { score: number } | undefined;
    if (!row) return undefined;
    const ahead = (this.q.ahead.get(board, row.score, account) as { n: number }).n;
    return { rank: ahead + 1, account, score: row.score };
  }

  async page(board: string, n: number, account?: string): Promise<BoardPage> {
    return this.db.transaction(() => {
      const total = (this.q.size.get(board) as { n: number }).n;
      const me = account === undefined ? undefined : this.rankSync(board, account);
      return { total, top: this.topSync(board, n, 0), ...(me ? { me } : {}) };
    })();
  }

  async around(board: string, account: string, radius: number): Promise<Ranked[]> {
    const me = this.rankSync(board, account);
    if (!me) return [];
    const from = Math.max(0, me.rank - 1 - radius);
    return this.topSync(board, me.rank - 1 + radius + 1 - from, from);
  }

  async size(board: string): Promise<number> {
    return (this.q.size.get(board) as { n: number }).n;
  }

  async close(): Promise<void> {
    // The database belongs to the caller.
  }
}
