import type { Command } from 'commander';
import { openDatabase, resolveDbPath, type Db } from '../store/database.js';

/** Every command that reads or writes accounts takes --db; VTRADE_DB and the config's "db" also work. */
export function withDbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'account database (default: VTRADE_DB, config "db", or vtrade.db in the per-user data directory)');
}

export function openDbFromFlags(flags: { db?: string }): Db {
  return openDatabase(resolveDbPath(flags.db));
}
