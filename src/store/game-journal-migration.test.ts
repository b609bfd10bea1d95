import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.js';
import { journal, journalEvent } from './game.js';
import { MIGRATIONS } from './migrations.js';

describe('migration 5: copilot events in the game journal', () => {
  it('keeps a journal written before it, in order, and then admits copilot events', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vtrade-mig5-')), 'v.db');
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version < 5)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
    }
    old.prepare("INSERT INTO accounts (name, currency, created_at) VALUES ('alice', 'USD', '2026-01-01T00:00:00Z')").run();
    const login = { kind: 'login', id: 'login:1:2026-03-05', account: 'alice', at: 1 };
    const quiz = { kind: 'quiz', id: 'quiz:1:2026-03-05:q1', account: 'alice', at: 2, question: 'q1', choice: 0, correct: true, setSize: 5 };
    for (const e of [login, quiz]) old.prepare('INSERT INTO game_events (event_id, account_id, kind, at_ms, payload) VALUES (?, 1, ?, ?, ?)').run(e.id, e.kind, e.at, JSON.stringify(e));
    expect(() => old.prepare("INSERT INTO game_events (event_id, account_id, kind, at_ms, payload) VALUES ('c', 1, 'copilot', 3, '{}')").run()).toThrow(/CHECK/);
    old.close();

    const db = openDatabase(path);
    expect(journal(db)).toEqual([login, quiz]);
    expect(journalEvent(db, 1, { kind: 'copilot', id: 'copilot:approve:1', account: 'alice', at: 3, action: 'approve' })).toBe(true);
    expect(journalEvent(db, 1, { kind: 'copilot', id: 'copilot:approve:1', account: 'alice', at: 4, action: 'approve' })).toBe(false);
    expect(journal(db, 1).map((e) => e.id)).toEqual(['login:1:2026-03-05', 'quiz:1:2026-03-05:q1', 'copilot:approve:1']);
    expect((db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'game_events_account'").get() as { n: number }).n).toBe(1);
    db.close();
  });
});
