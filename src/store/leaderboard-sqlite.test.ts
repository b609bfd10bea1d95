import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.js';
import { SqliteLeaderboard } from './leaderboard-sqlite.js';
import { leaderboardContract } from '../../test/support/leaderboard-contract.js';

leaderboardContract('SQLite', {
  make: async () => new SqliteLeaderboard(openDatabase(join(mkdtempSync(join(tmpdir(), 'vtrade-lb-')), 'lb.db'))),
});
