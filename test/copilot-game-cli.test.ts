import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli.js';
import { dataDir } from './support/data-dir.js';
import { openDatabase } from '../src/store/database.js';
import { findAccount } from '../src/store/accounts.js';
import { journal } from '../src/store/game.js';

const env = (db: string) => ({ VTRADE_FROM_SOURCE: '1', VTRADE_DB: db, ANTHROPIC_API_KEY: '', VTRADE_DATA_DIR: dataDir() });

interface MissionsJson {
  xp: number;
  active: { template: string; progress: number; status: string }[];
  recent: { template: string; status: string }[];
}

describe('copilot use in the game', () => {
  it('each question about an account counts, staged orders count once, and the copilot works on when the game fails', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-copilot-game-')), 'v.db');
    const cli = (args: string[]) => {
      const r = runCli(args, { env: env(db) });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    };
    const missions = () => JSON.parse(cli(['missions', 'alice', '--json']).stdout) as MissionsJson;
    const asks = (m: MissionsJson) => m.active.find((x) => x.template === 'milestone-copilot-asks-10')?.progress;
    const badge = (id: string) => (JSON.parse(cli(['badges', 'alice', '--json']).stdout) as { badges: { id: string; earned_at: string | null }[] }).badges.find((b) => b.id === id)?.earned_at;
    cli(['account', 'create', 'alice', '--cash', '50000']);
    cli(['account', 'create', 'bob', '--cash', '50000']);

    const before = missions();
    expect(asks(before)).toBe(0);
    expect(badge('copilot-first-ask')).toBeNull();

    const first = cli(['copilot', 'how is my portfolio', '--account', 'alice']);
    expect(first.stdout.split('\n')[0]).toMatch(/^\[offline/);
    expect(first.stderr).toContain('badge: Second Opinion');
    expect(asks(missions())).toBe(1);
    expect(badge('copilot-first-ask')).not.toBeNull();
    // The same question again is another question.
    cli(['copilot', 'how is my portfolio', '--account', 'alice']);
    const twice = missions();
    expect(asks(twice)).toBe(2);
    // The daily mission, when today's pick has it, is done after the first question.
    const daily = [...twice.active, ...twice.recent].find((x) => x.template === 'daily-copilot-ask');
    if (daily) expect(daily.status).toBe('completed');

    // A question without an account is nobody's; one about bob is bob's.
    cli(['copilot', 'price of AAPL']);
    cli(['copilot', 'how is my portfolio', '--account', 'bob']);
    expect(asks(missions())).toBe(2);

    // A staged order: one stage event, under the order's id, for its account.
    const staged = cli(['copilot', 'buy 10 AAPL at 185', '--account', 'alice']);
    expect(staged.stdout).toContain('Staged order #1');
    const h = openDatabase(db);
    try {
      const alice = findAccount(h, 'alice');
      const kinds = () => journal(h, alice.id).filter((e) => e.kind === 'copilot').map((e) => e.id);
      expect(kinds().filter((id) => id.startsWith('copilot:ask:'))).toHaveLength(3);
      expect(kinds().filter((id) => id.startsWith('copilot:stage:'))).toEqual(['copilot:stage:1']);

      // The game breaks (an unreadable saved state): the copilot still answers and stages, with a warning.
      const saved = (h.prepare('SELECT state FROM game_players WHERE account_id = ?').get(alice.id) as { state: string }).state;
      h.prepare('UPDATE game_players SET state = ? WHERE account_id = ?').run('{not json', alice.id);
      const broken = cli(['copilot', 'buy 20 ABBV', '--account', 'alice']);
      expect(broken.stdout).toContain('Staged order #2');
      expect(broken.stderr).toContain('warning: game progress not updated for copilot use');
      expect(kinds()).not.toContain('copilot:stage:2');
      // Repaired, the next question catches the missed order up, and order #1 still counts once.
      h.prepare('UPDATE game_players SET state = ? WHERE account_id = ?').run(saved, alice.id);
      cli(['copilot', 'what is my risk', '--account', 'alice']);
      expect(kinds().filter((id) => id.startsWith('copilot:stage:')).sort()).toEqual(['copilot:stage:1', 'copilot:stage:2']);
      expect(kinds().filter((id) => id.startsWith('copilot:ask:'))).toHaveLength(4);
      expect(asks(missions())).toBe(4);
    } finally {
      h.close();
    }
  }, 120_000);
});
