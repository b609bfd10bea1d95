import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMarketData } from '../../src/data/open.js';
import { ORDERS_HEADER } from '../../src/data/orders-csv.js';
import { paperReplay } from '../../src/services/paper-replay.js';
import { parseRunConfig } from '../../src/services/run-config.js';
import { createAccount, findAccount } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { dataDir } from './data-dir.js';

/** The AMZN 2012-06-21 LOBSTER sample with one level a side: a market an account can trade. */
export const AMZN_1 = (): string => join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_1.zip');

/**
 * The last row of a LOBSTER orderbook file, read straight from the zip with Python's zipfile (not
 * with vtrade's reader): ground truth for the book a replay ends with. Prices in dollars.
 */
export function lastOrderbookRow(zip: string): { ask: number; askSize: number; bid: number; bidSize: number } {
  const py = "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1])\nn=[x for x in z.namelist() if '_orderbook_' in x][0]\nprint(z.read(n).decode().strip().split('\\n')[-1])";
  const [ask, askSize, bid, bidSize] = execFileSync('python3', ['-c', py, zip], { encoding: 'utf8' }).trim().split(',').map(Number);
  return { ask: ask / 10_000, askSize, bid: bid / 10_000, bidSize };
}

/**
 * Gives an account its market in a recording the way a user does, by replaying it on the
 * account; the replay places no orders, so cash and positions stay as they were.
 */
export async function replayMarketInto(db: Db, accountName: string, zip: string = AMZN_1()): Promise<void> {
  const orders = join(mkdtempSync(join(tmpdir(), 'vtrade-no-orders-')), 'none.csv');
  writeFileSync(orders, `${ORDERS_HEADER}\n`);
  await paperReplay({
    db,
    account: findAccount(db, accountName),
    dataPaths: [zip],
    open: (paths) => openMarketData(paths),
    ordersPath: orders,
    config: parseRunConfig({}),
    seed: 1,
    speed: 'max',
    resume: false,
    nowIso: () => '2026-01-01T00:00:00.000Z',
  });
}

let template: Promise<string> | undefined;

/**
 * A database with alice (100000 USD) and bob (50000 USD), both with an AMZN market from the
 * 2012 recording; each call gets its own copy (the replays run once per test file).
 */
export async function dbWithAmznMarkets(): Promise<{ db: Db; alice: number; bob: number }> {
  template ??= (async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vtrade-market-template-')), 'v.db');
    const db = openDatabase(path);
    createAccount(db, 'alice', '100000', 'USD', '2026-01-01T00:00:00Z');
    createAccount(db, 'bob', '50000', 'USD', '2026-01-01T00:00:00Z');
    await replayMarketInto(db, 'alice');
    await replayMarketInto(db, 'bob');
    db.close();
    return path;
  })();
  const copy = join(mkdtempSync(join(tmpdir(), 'vtrade-market-')), 'v.db');
  copyFileSync(await template, copy);
  const db = openDatabase(copy);
  return { db, alice: findAccount(db, 'alice').id, bob: findAccount(db, 'bob').id };
}
