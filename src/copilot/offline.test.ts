import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { OfflineProvider, planFor } from './provider/offline.js';
import { csvCloses, freshDb, lastCsvRow, session } from '../../test/support/copilot-fixtures.js';
import { listStagedOrders } from '../store/staged-orders.js';
import type { ChatEvent } from './agent.js';
import type { Db } from '../store/database.js';
import { Executor } from './airgap/executor.js';
import { createKeystrokeApprover } from './airgap/keystroke.js';
import { dbMarkets } from '../services/staged-fill.js';
import { AMZN_1, dbWithAmznMarkets, lastOrderbookRow } from '../../test/support/account-market.js';

async function ask(db: Db, q: string): Promise<{ text: string; events: ChatEvent[] }> {
  const s = session(new OfflineProvider(), db);
  const events: ChatEvent[] = [];
  for await (const ev of s.ask(q)) events.push(ev);
  return { text: events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join(''), events };
}

const FIXED = [
  'how is my portfolio',
  'what is my risk',
  'buy 10 AAPL at 185',
  'sell 5 ABBV',
  'price of AMZN',
  'news on AAPL',
  'technicals for AAPL',
  'backtest CAT',
  'movers',
  'sector performance',
  'show staged orders',
  'cancel order 1',
  'hello there',
];

/** A database with alice holding 1 AMZN bought through an approval, in her 2012 AMZN market. */
async function withHolding(): Promise<Db> {
  const { db } = await dbWithAmznMarkets();
  await ask(db, 'buy 1 AMZN');
  let now = Date.now();
  const approver = createKeystrokeApprover({ clock: () => now, armMs: 100 });
  const order = listStagedOrders(db)[0];
  const keys = async function* () {
    now += 200;
    yield { data: 'y', at: now };
  };
  const out = await approver.confirm(order, keys(), () => {});
  if (out.kind !== 'approved') throw new Error('not approved');
  await new Executor(db, approver.publicKey, dbMarkets(db), { clock: () => now }).execute(order.id, out.approval);
  return db;
}

describe('the offline provider', () => {
  it('maps the fixed requests to tools', () => {
    expect(FIXED.map((q) => planFor(q).calls.map((c) => c.name))).toEqual([
      ['account_summary', 'positions'],
      ['volatility', 'value_at_risk', 'drawdown', 'beta'],
      ['stage_order'],
      ['stage_order'],
      ['quote', 'company_profile'],
      ['news'],
      ['signal_scan'],
      ['backtest_sma_cross'],
      ['movers'],
      ['sector_performance'],
      ['list_staged'],
      ['cancel_staged'],
      [],
    ]);
    expect(planFor('buy 10 AAPL at 185').calls[0].input).toEqual({ side: 'buy', qty: '10', symbol: 'AAPL', type: 'limit', limit_price: '185' });
  });

  it('answers every fixed request the same way twice, labelled offline', async () => {
    const run = async () => {
      const db = await withHolding();
      const out = [];
      for (const q of FIXED) out.push(await ask(db, q));
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a.map((x) => x.text)).toEqual(b.map((x) => x.text));
    for (const x of a) {
      expect(x.events[0]).toMatchObject({ type: 'provider', name: 'offline' });
      expect((x.events[0] as { label: string }).label).toMatch(/^offline/);
      expect(x.events.at(-1)).toMatchObject({ type: 'done' });
    }
  });

  it("answers with the data: research prices from the CSV, the account in its own market, risk from the returns", async () => {
    const db = await withHolding();
    const amzn = lastCsvRow('AMZN');
    expect((await ask(db, 'price of AMZN')).text).toContain(`AMZN closed at ${amzn.close} on ${amzn.date}`);
    // The account bought in its 2012 market: at that book's ask, marked at its mid, never at the daily close.
    const book = lastOrderbookRow(AMZN_1());
    const fill = db.prepare('SELECT notional, fee FROM fills').get() as { notional: string; fee: string };
    expect(Number(fill.notional)).toBe(book.ask);
    const mid = new Decimal(Math.round((book.ask * 10_000 + book.bid * 10_000) / 2)).dividedBy(10_000).toFixed();
    const portfolio = (await ask(db, 'how is my portfolio')).text;
    expect(portfolio).toContain(`cash ${new Decimal(100000).minus(fill.notional).minus(fill.fee).toFixed()}`);
    expect(portfolio).toMatch(new RegExp(`AMZN: 1 @ ${mid.replace('.', '\\.')} \\(2012-06-21T[0-9:.]+Z, .*LOBSTER_SampleFile_AMZN_2012-06-21_1\\.zip\\)`));
    expect(portfolio).not.toContain(String(amzn.close));
    // Volatility of the single holding = sample std of its last 252 daily returns x sqrt(252).
    const closes = csvCloses('AMZN').map((r) => r.close);
    const rets = closes.slice(-253).map((c, i, xs) => (i === 0 ? NaN : c / xs[i - 1] - 1)).slice(1);
    const mean = rets.reduce((s, r) => s + r, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((s, r) => s + (r - mean) ** 2, 0) / (rets.length - 1));
    expect((await ask(db, 'what is my risk')).text).toContain(`Volatility of account alice: ${(sd * Math.sqrt(252) * 100).toFixed(2)}% a year`);
  });

  it('stages exactly the order asked for, and nothing runs', async () => {
    const { db } = freshDb();
    const { text } = await ask(db, 'buy 10 AAPL at 185');
    expect(text).toContain('It has NOT been sent');
    expect(listStagedOrders(db).map((o) => [o.account, o.side, o.qty, o.symbol, o.order_type, o.limit_price, o.status, o.origin])).toEqual([
      ['alice', 'buy', '10', 'AAPL', 'limit', '185', 'staged', 'copilot:offline'],
    ]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n).toBe(0);
  });
});
