import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataHome, resolveSetting } from '../config/settings.js';
import { InputError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** flag > VTRADE_DB > config "db" > <per-user data dir>/vtrade.db */
export function resolveDbPath(flag: string | undefined): string {
  return resolveSetting(flag, 'VTRADE_DB', 'db', join(dataHome(), 'vtrade.db'), (s) => s);
}

/**
 * Opens (creating if needed) the account database in WAL mode and brings its schema up to date.
 * WAL lets readers (account show, the TUI) work while a replay writes. Every write is one
 * transaction; with WAL, synchronous=NORMAL keeps every committed transaction through a killed
 * process (only a power cut can drop the last few, and a resumed replay books those again, since
 * it regenerates every fill deterministically), without an fsync per fill.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new InputError(path, undefined, undefined, `cannot open the database (${(err as Error).message})`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, path);
  return db;
}

function migrate(db: Db, path: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const newest = Math.max(0, ...applied);
  const known = MIGRATIONS[MIGRATIONS.length - 1].version;
  if (newest > known) {
    throw new InputError(path, undefined, undefined, `the database has schema version ${newest}, newer than this vtrade knows (${known})`, 'upgrade vtrade');
  }
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
  }
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
