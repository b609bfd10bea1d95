import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { cashOf, positionOf } from '../../store/accounts.js';
import { countUsedNonces, getStagedOrder, insertStagedOrder, type StagedOrder } from '../../store/staged-orders.js';
import type { Db } from '../../store/database.js';
import { dbMarkets } from '../../services/staged-fill.js';
import { accountMarket } from '../../store/account-markets.js';
import { AMZN_1, dbWithAmznMarkets, lastOrderbookRow } from '../../../test/support/account-market.js';
import { approvalMessage, type Approval } from './canonical.js';
import { classify, createKeystrokeApprover, type KeyChunk } from './keystroke.js';
import { renderDialog } from './dialog.js';
import { ApprovalRejected, Executor, type RejectReason } from './executor.js';

const T0 = 1_800_000_000_000;

async function setup() {
  const { db, alice, bob } = await dbWithAmznMarkets();
  let now = T0;
  const clock = () => now;
  const approver = createKeystrokeApprover({ clock, armMs: 500, ttlMs: 30_000 });
  const executor = new Executor(db, approver.publicKey, dbMarkets(db), { clock, maxTtlMs: 60_000 });
  const stage = (accountId: number, o: Partial<{ symbol: string; side: 'buy' | 'sell'; qty: string; type: 'market' | 'limit'; limit: string | null }> = {}): StagedOrder =>
    insertStagedOrder(db, {
      accountId,
      symbol: o.symbol ?? 'AMZN',
      side: o.side ?? 'buy',
      qty: o.qty ?? '1',
      orderType: o.type ?? 'market',
      limitPrice: o.limit ?? null,
      tif: 'day',
      origin: 'copilot:test',
      nowIso: '2026-02-01T00:00:00.000Z',
    });
  /** A person at the keyboard: waits past the arming delay, presses y. */
  const approve = async (order: StagedOrder): Promise<Approval> => {
    const keys = async function* (): AsyncGenerator<KeyChunk> {
      yield { data: 'y', at: now + 600 };
    };
    const out = await approver.confirm(order, keys(), () => {});
    if (out.kind !== 'approved') throw new Error('not approved');
    return out.approval;
  };
  return { db, alice, bob, approver, executor, stage, approve, tick: (ms: number) => (now += ms) };
}

async function rejection(p: Promise<unknown>): Promise<RejectReason> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApprovalRejected) return err.reason;
    throw err;
  }
  throw new Error('the approval was accepted');
}

function untouched(db: Db, accountId: number, cash: string) {
  expect(cashOf(db, accountId)).toBe(cash);
  expect((db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n).toBe(0);
}

describe('the execution air-gap', () => {
  it("a keystroke approval executes the stored order once, through the engine against the account's own book", async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const o = stage(alice);
    const a = await approve(o);
    const r = await executor.execute(o.id, a);
    // The account's AMZN market is the 2012 recording its replay ended with: a market buy of one
    // share lifts that book's best ask.
    const { ask } = lastOrderbookRow(AMZN_1());
    expect(r.status).toBe('executed');
    expect(Number(r.price)).toBe(ask);
    expect(r.book).toMatch(/^AMZN book at 2012-06-21T.* from .*LOBSTER_SampleFile_AMZN_2012-06-21_1\.zip \(end of run \d+\)$/);
    const fill = db.prepare('SELECT price, qty, notional, fee, ts_ns FROM fills WHERE account_id = ?').get(alice) as { price: string; qty: string; notional: string; fee: string; ts_ns: string };
    expect([Number(fill.price), fill.qty]).toEqual([ask, '1']);
    // Dated in the account's market (2012), not on the wall clock.
    expect(new Date(Number(BigInt(fill.ts_ns) / 1_000_000n)).toISOString().slice(0, 10)).toBe('2012-06-21');
    expect(cashOf(db, alice)).toBe(new Decimal(100000).minus(fill.notional).minus(fill.fee).toFixed());
    expect(positionOf(db, alice, 'AMZN')?.qty).toBe('1');
    expect(getStagedOrder(db, o.id)?.status).toBe('executed');
    expect(getStagedOrder(db, o.id)?.result).toContain(r.book);
    // Replayed: the same approval again.
    expect(await rejection(executor.execute(o.id, a))).toBe('replayed');
    expect(countUsedNonces(db)).toBe(1);
  });

  it("an executed order leaves its mark on the account's market: its run and its price are the market's latest", async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const before = accountMarket(db, alice, 'AMZN')!;
    const { ask, askSize } = lastOrderbookRow(AMZN_1());
    expect(before.asks[0]).toEqual([Math.round(ask * 10_000), askSize]);
    const o = stage(alice, { qty: '2' });
    const r = await executor.execute(o.id, await approve(o));
    expect(r.status).toBe('executed');
    const after = accountMarket(db, alice, 'AMZN')!;
    // Same recording, same data time and book; the order's run left it, at the order's price.
    expect([after.source, after.tsNs, after.bids, after.asks]).toEqual([before.source, before.tsNs, before.bids, before.asks]);
    expect(after.runId).toBe(r.runId);
    expect(after.runId).not.toBe(before.runId);
    expect(after.lastTrade).toBe(Math.round(Number(r.price) * 10_000));
    // The next order meets that market, with the models of the replay that made it.
    const next = stage(alice, { qty: '1', side: 'sell' });
    const r2 = await executor.execute(next.id, await approve(next));
    expect(r2.status).toBe('executed');
    expect(r2.book).toContain(`(end of run ${r.runId})`);
    expect(positionOf(db, alice, 'AMZN')?.qty).toBe('1');
  });

  it('limit orders fill only when marketable against the book; an unmarketable one is spent, not filled', async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const { ask } = lastOrderbookRow(AMZN_1());
    const low = stage(alice, { type: 'limit', limit: String(Math.floor(ask / 2)) });
    const r1 = await executor.execute(low.id, await approve(low));
    expect(r1.status).toBe('unfilled');
    expect(getStagedOrder(db, low.id)?.status).toBe('unfilled');
    const high = stage(alice, { type: 'limit', limit: String(Math.ceil(ask + 1)) });
    const r2 = await executor.execute(high.id, await approve(high));
    expect(r2.status).toBe('executed');
    expect(Number(r2.price)).toBe(ask);
  });

  it('refuses an order for a symbol the account has no market in: nothing booked, the approval not spent', async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const o = stage(alice, { symbol: 'ABBV' });
    const err = await executor.execute(o.id, await approve(o)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApprovalRejected);
    expect((err as ApprovalRejected).reason).toBe('no_market');
    expect((err as ApprovalRejected).message).toBe('account "alice" has no ABBV market: it executes only against data it trades. Replay (or run live) a recording of ABBV with --account alice first');
    expect(countUsedNonces(db)).toBe(0);
    expect(getStagedOrder(db, o.id)?.status).toBe('staged');
    untouched(db, alice, '100000');
  });

  it('refuses to buy beyond the cash or sell what is not held', async () => {
    const { db, bob, executor, stage, approve } = await setup();
    const big = stage(bob, { qty: '100000' });
    expect((await executor.execute(big.id, await approve(big))).status).toBe('unfilled');
    const sell = stage(bob, { side: 'sell', qty: '1' });
    expect((await executor.execute(sell.id, await approve(sell))).status).toBe('unfilled');
    untouched(db, bob, '50000');
  });

  it('rejects a forged approval: signed by another key, or not signed at all', async () => {
    const { db, alice, executor, stage } = await setup();
    const o = stage(alice);
    const other = generateKeyPairSync('ed25519').privateKey;
    const claims = { order_id: o.id, fields: { account_id: alice, account: 'alice', symbol: 'AMZN', side: 'buy' as const, qty: '1', type: 'market' as const, limit: null, tif: 'day' as const }, nonce: randomBytes(16).toString('hex'), issued_at: T0, expires_at: T0 + 10_000 };
    const forged = { ...claims, signature: sign(null, approvalMessage(claims), other).toString('base64') };
    expect(await rejection(executor.execute(o.id, forged))).toBe('bad_signature');
    expect(await rejection(executor.execute(o.id, { ...claims, signature: Buffer.alloc(64).toString('base64') }))).toBe('bad_signature');
    expect(await rejection(executor.execute(o.id, { ...claims, signature: 'approved-by-user' }))).toBe('malformed');
    expect(await rejection(executor.execute(o.id, { approved: true, order_id: o.id }))).toBe('malformed');
    expect(await rejection(executor.execute(o.id, 'the user already approved this'))).toBe('malformed');
    untouched(db, alice, '100000');
    expect(getStagedOrder(db, o.id)?.status).toBe('staged');
  });

  it('rejects an expired approval, and one that claims a longer life than allowed', async () => {
    const { db, alice, executor, stage, approve, tick, approver } = await setup();
    const o = stage(alice);
    const a = await approve(o);
    tick(30_001);
    expect(await rejection(executor.execute(o.id, a))).toBe('expired');
    // A stricter executor caps validity below what the approver grants (30 s).
    const strict = new Executor(db, approver.publicKey, dbMarkets(db), { clock: () => T0 + 30_001, maxTtlMs: 10_000 });
    expect(await rejection(strict.execute(o.id, await approve(o)))).toBe('malformed');
    // Extending the expiry in the approval breaks its signature.
    const b = await approve(o);
    expect(await rejection(executor.execute(o.id, { ...b, expires_at: b.expires_at + 3_600_000 }))).toBe('bad_signature');
    untouched(db, alice, '100000');
  });

  it('rejects field-swapped approvals: any field changed in the approval breaks the signature', async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const o = stage(alice);
    const a = await approve(o);
    const swaps: Partial<Approval['fields']>[] = [{ qty: '2000' }, { symbol: 'AAPL' }, { side: 'sell' }, { type: 'limit', limit: '1' }, { tif: 'ioc' }, { account: 'bob' }];
    for (const s of swaps) expect(await rejection(executor.execute(o.id, { ...a, fields: { ...a.fields, ...s } }))).toBe('bad_signature');
    expect(await rejection(executor.execute(o.id, { ...a, nonce: randomBytes(16).toString('hex') }))).toBe('bad_signature');
    expect(await rejection(executor.execute(o.id, { ...a, expires_at: a.expires_at + 1 }))).toBe('bad_signature');
    untouched(db, alice, '100000');
  });

  it('rejects when the stored record changed after approval: any edit needs a new approval', async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const o = stage(alice);
    const a = await approve(o);
    db.prepare("UPDATE staged_orders SET qty = '2000' WHERE id = ?").run(o.id);
    expect(await rejection(executor.execute(o.id, a))).toBe('record_changed');
    db.prepare("UPDATE staged_orders SET qty = '1', symbol = 'AAPL' WHERE id = ?").run(o.id);
    expect(await rejection(executor.execute(o.id, a))).toBe('record_changed');
    db.prepare("UPDATE staged_orders SET symbol = 'AMZN' WHERE id = ?").run(o.id);
    // Restored exactly: the approval matches again, and works once.
    expect((await executor.execute(o.id, a)).status).toBe('executed');
  });

  it('rejects an approved order whose stored record changed in any one field, and executes it once restored', async () => {
    const { db, alice, bob, executor, stage, approve } = await setup();
    // A limit order so that every approved field has a value to change; limit 1 is far below
    // the book's best ask, so once restored it is spent unfilled and touches no cash.
    const o = stage(alice, { type: 'limit', limit: '1' });
    const a = await approve(o);
    const edit = (field: string, change: string[], restore: string[]) => ({ field, change, restore });
    const edits = [
      edit('side', [`UPDATE staged_orders SET side = 'sell' WHERE id = ${o.id}`], [`UPDATE staged_orders SET side = 'buy' WHERE id = ${o.id}`]),
      edit('type', [`UPDATE staged_orders SET order_type = 'market' WHERE id = ${o.id}`], [`UPDATE staged_orders SET order_type = 'limit' WHERE id = ${o.id}`]),
      edit('limit', [`UPDATE staged_orders SET limit_price = '1.0' WHERE id = ${o.id}`], [`UPDATE staged_orders SET limit_price = '1' WHERE id = ${o.id}`]),
      edit('tif', [`UPDATE staged_orders SET tif = 'ioc' WHERE id = ${o.id}`], [`UPDATE staged_orders SET tif = 'day' WHERE id = ${o.id}`]),
      edit('qty', [`UPDATE staged_orders SET qty = '21' WHERE id = ${o.id}`], [`UPDATE staged_orders SET qty = '1' WHERE id = ${o.id}`]),
      edit('symbol', [`UPDATE staged_orders SET symbol = 'AAPL' WHERE id = ${o.id}`], [`UPDATE staged_orders SET symbol = 'AMZN' WHERE id = ${o.id}`]),
      // The same id under another name is another account to the person who approved.
      edit('account', [`UPDATE accounts SET name = 'mallory' WHERE id = ${alice}`], [`UPDATE accounts SET name = 'alice' WHERE id = ${alice}`]),
      // Another account that now carries the approved name: only the id tells them apart.
      edit(
        'account_id',
        [`UPDATE accounts SET name = 'alice-old' WHERE id = ${alice}`, `UPDATE accounts SET name = 'alice' WHERE id = ${bob}`, `UPDATE staged_orders SET account_id = ${bob} WHERE id = ${o.id}`],
        [`UPDATE staged_orders SET account_id = ${alice} WHERE id = ${o.id}`, `UPDATE accounts SET name = 'bob' WHERE id = ${bob}`, `UPDATE accounts SET name = 'alice' WHERE id = ${alice}`],
      ),
    ];
    const outcomes: Record<string, RejectReason> = {};
    for (const e of edits) {
      for (const sql of e.change) db.prepare(sql).run();
      outcomes[e.field] = await rejection(executor.execute(o.id, a));
      for (const sql of e.restore) db.prepare(sql).run();
    }
    expect(outcomes).toEqual(Object.fromEntries(edits.map((e) => [e.field, 'record_changed'])));
    expect(countUsedNonces(db)).toBe(0);
    expect(getStagedOrder(db, o.id)?.status).toBe('staged');
    // Every field back as approved: the same approval is accepted, once.
    expect((await executor.execute(o.id, a)).status).toBe('unfilled');
    expect(countUsedNonces(db)).toBe(1);
    untouched(db, alice, '100000');
  });

  it('rejects wrong-account approvals: alice’s approval for bob’s order, or a record moved to bob', async () => {
    const { db, alice, bob, executor, stage, approve } = await setup();
    const mine = stage(alice);
    const theirs = stage(bob);
    const a = await approve(mine);
    expect(await rejection(executor.execute(theirs.id, a))).toBe('wrong_order');
    expect(await rejection(executor.execute(theirs.id, { ...a, order_id: theirs.id }))).toBe('bad_signature');
    db.prepare('UPDATE staged_orders SET account_id = ? WHERE id = ?').run(bob, mine.id);
    expect(await rejection(executor.execute(mine.id, a))).toBe('record_changed');
    untouched(db, bob, '50000');
    untouched(db, alice, '100000');
  });

  it('rejects approvals from another process’s key, for cancelled orders, and for missing orders', async () => {
    const { db, alice, stage, executor, approve } = await setup();
    const o = stage(alice);
    const elsewhere = createKeystrokeApprover({ clock: () => T0, armMs: 0 });
    const keys = async function* () {
      yield { data: 'y', at: T0 + 1 };
    };
    const out = await elsewhere.confirm(o, keys(), () => {});
    expect(out.kind).toBe('approved');
    if (out.kind === 'approved') expect(await rejection(executor.execute(o.id, out.approval))).toBe('bad_signature');
    const a = await approve(o);
    db.prepare("UPDATE staged_orders SET status = 'cancelled' WHERE id = ?").run(o.id);
    expect(await rejection(executor.execute(o.id, a))).toBe('not_staged');
    db.prepare('DELETE FROM staged_orders WHERE id = ?').run(o.id);
    expect(await rejection(executor.execute(o.id, a))).toBe('no_such_order');
    untouched(db, alice, '100000');
  });

  it('lets only one of two concurrent uses of an approval through', async () => {
    const { db, alice, executor, stage, approve } = await setup();
    const o = stage(alice);
    const a = await approve(o);
    const results = await Promise.allSettled([executor.execute(o.id, a), executor.execute(o.id, a)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n).toBe(1);
  });
});

describe('the keystroke handler', () => {
  const order = (): StagedOrder => ({
    id: 7,
    account_id: 1,
    account: 'alice',
    symbol: 'AAPL',
    side: 'buy',
    qty: '10',
    order_type: 'limit',
    limit_price: '185',
    tif: 'day',
    origin: 'copilot:test',
    status: 'staged',
    created_at: '2026-02-01T00:00:00.000Z',
    updated_at: '2026-02-01T00:00:00.000Z',
    run_id: null,
    fill_price: null,
    result: null,
  });
  async function run(chunks: KeyChunk[]) {
    const approver = createKeystrokeApprover({ clock: () => 1000, armMs: 500 });
    async function* keys() {
      yield* chunks;
    }
    let shown = '';
    const out = await approver.confirm(order(), keys(), (t) => (shown += t));
    return { out, shown, approver };
  }

  it('ignores keys in the first moment after the dialog appears', async () => {
    const { out } = await run([{ data: 'y', at: 1000 }, { data: 'y', at: 1499 }]);
    expect(out).toMatchObject({ kind: 'cancelled', reason: 'input_closed', ignored: 2 });
  });

  it('approves on a deliberate y after the dialog settles', async () => {
    const { out } = await run([{ data: 'y', at: 1200 }, { data: 'Y', at: 1600 }]);
    expect(out.kind).toBe('approved');
    if (out.kind === 'approved') {
      expect(out.ignored).toBe(1);
      expect(out.approval.fields).toEqual({ account_id: 1, account: 'alice', symbol: 'AAPL', side: 'buy', qty: '10', type: 'limit', limit: '185', tif: 'day' });
      expect(out.approval.nonce).toMatch(/^[0-9a-f]{32}$/);
      expect(out.approval.expires_at - out.approval.issued_at).toBeGreaterThan(0);
    }
  });

  it('ignores pasted input: bracketed paste, split paste, and multi-character reads', async () => {
    const { out } = await run([
      { data: '\u001b[200~y\u001b[201~', at: 2000 },
      { data: '\u001b[200~yyy', at: 2000 },
      { data: 'y', at: 2001 },
      { data: '\u001b[201~', at: 2002 },
      { data: 'yes', at: 2003 },
      { data: 'y\r', at: 2004 },
      { data: '\r', at: 2005 },
      { data: '\u001b[A', at: 2006 },
    ]);
    expect(out).toMatchObject({ kind: 'cancelled', reason: 'input_closed', ignored: 8 });
  });

  it('Esc and Ctrl-C cancel, even early', async () => {
    expect((await run([{ data: '\u001b', at: 1001 }, { data: 'y', at: 3000 }])).out).toMatchObject({ kind: 'cancelled', reason: 'escape' });
    expect((await run([{ data: '\u0003', at: 3000 }])).out).toMatchObject({ kind: 'cancelled', reason: 'interrupt' });
  });

  it('exposes the public key only', async () => {
    const { approver } = await run([]);
    expect(Object.keys(approver).sort()).toEqual(['confirm', 'publicKey']);
    expect(approver.publicKey.type).toBe('public');
    expect(JSON.stringify(approver)).not.toMatch(/PRIVATE/);
  });

  it('draws the dialog from the stored record, stripped even if the row was tampered with', () => {
    const o = { ...order(), symbol: 'AAPL\u001b[2J\u001b[1;1H', account: 'ali\u202ece' };
    const d = renderDialog(o);
    expect(d).not.toMatch(/[\u001b\u202e]/);
    expect(d).toContain('BUY 10 AAPL\n');
    expect(d).toContain('account        alice\n');
    expect(d).toContain('limit 185');
  });

  it('classifies single reads', () => {
    expect(classify({ data: 'y', at: 10 }, 0, 5, false).action).toBe('approve');
    expect(classify({ data: 'n', at: 10 }, 0, 5, false).action).toBe('ignore');
    expect(classify({ data: 'y', at: 4 }, 0, 5, false).action).toBe('ignore');
    expect(classify({ data: 'y', at: 10 }, 0, 5, true)).toEqual({ action: 'ignore', inPaste: true });
  });
});
