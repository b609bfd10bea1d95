import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir } from './data-dir.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { createAccount } from '../../src/store/accounts.js';
import { SpUniverse } from '../../src/copilot/market.js';
import { loadResearchFixture, researchFrom, type NewsItem, type ResearchSource } from '../../src/copilot/research.js';
import { ChatSession } from '../../src/copilot/session.js';
import type { ModelProvider } from '../../src/copilot/provider/types.js';

export const sp500Dir = (): string => join(dataDir(), 'sp500');

let shared: SpUniverse | undefined;
/** One universe for a test file: its bars are read once. */
export function universe(): SpUniverse {
  shared ??= new SpUniverse(sp500Dir());
  return shared;
}

export function freshDb(): { db: Db; alice: number; bob: number } {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'vtrade-copilot-')), 'v.db'));
  const alice = createAccount(db, 'alice', '100000', 'USD', '2026-01-01T00:00:00Z').id;
  const bob = createAccount(db, 'bob', '50000', 'USD', '2026-01-01T00:00:00Z').id;
  return { db, alice, bob };
}

export function fixtureResearch(): ResearchSource {
  return loadResearchFixture(fileURLToPath(new URL('../../fixtures/copilot', import.meta.url)));
}

export function researchWith(news: NewsItem[]): ResearchSource {
  return researchFrom(news, []);
}

export function session(provider: ModelProvider, db: Db, research: ResearchSource = fixtureResearch(), account = 'alice', maxSteps?: number): ChatSession {
  return new ChatSession({ provider, db, universe: universe(), research, account, model: 'claude-sonnet-5-5', maxTokens: 1024, maxSteps, nowIso: () => '2026-02-01T12:00:00.000Z' });
}

/** The last row of a daily CSV read directly, as ground truth for the tools. */
export function lastCsvRow(symbol: string): { date: string; open: number; high: number; low: number; close: number; volume: number } {
  const lines = readFileSync(join(sp500Dir(), 'daily', `${symbol}_data.csv`), 'utf8').trim().split('\n');
  const c = lines[lines.length - 1].split(',');
  return { date: c[0], open: Number(c[1]), high: Number(c[2]), low: Number(c[3]), close: Number(c[4]), volume: Number(c[5]) };
}

export function csvCloses(symbol: string): { date: string; close: number }[] {
  const lines = readFileSync(join(sp500Dir(), 'daily', `${symbol}_data.csv`), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split(',')).filter((c) => c[4] !== '').map((c) => ({ date: c[0], close: Number(c[4]) }));
}
