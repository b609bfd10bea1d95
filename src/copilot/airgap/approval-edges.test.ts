import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getStagedOrder, insertStagedOrder, type StagedOrder } from '../../store/staged-orders.js';
import type { Db } from '../../store/database.js';
import { dbMarkets } from '../../services/staged-fill.js';
import { dbWithAmznMarkets } from '../../../test/support/account-market.js';
import { classify, createKeystrokeApprover, type KeyChunk } from './keystroke.js';
import { renderDialog } from './dialog.js';
import { ApprovalRejected, Executor } from './executor.js';

/*
 * The edges of the air-gap's checks: each time limit at exactly its value and one past it, what
 * every rejection says, what an execution writes back on the staged order, and the keystroke
 * classifier's paste state. The main behaviour is in airgap.test.ts.
 */

const T0 = 1_800_000_000_000;
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

let db: Db;
let alice: number;
beforeAll(async () => {
  ({ db, alice } = await dbWithAmznMarkets());
});

function stage(o: Partial<{ type: 'market' | 'limit'; limit: string | null; qty: string }> = {}): StagedOrder {
  return insertStagedOrder(db, {
    accountId: alice,
    symbol: 'AMZN',
    side: 'buy',
    qty: o.qty ?? '1',
    orderType: o.type ?? 'market',
    limitPrice: o.limit ?? null,
    tif: 'day',
    origin: 'copilot:test',
    nowIso: '2026-02-01T00:00:00.000Z',
  });
}

/** An approval signed at `issuedAt` (on the approver's own clock), valid for `ttlMs`. */
async function approvedAt(order: StagedOrder, issuedAt: number, ttlMs = 30_000) {
  const approver = createKeystrokeApprover({ clock: () => issuedAt, armMs: 0, ttlMs });
  const keys = async function* (): AsyncGenerator<KeyChunk> {
    yield { data: 'y', at: issuedAt };
  };
  const out = await approver.confirm(order, keys(), () => {});
  if (out.kind !== 'approved') throw new Error('not approved');
  return { approval: out.approval, executorAt: (now: number, maxTtlMs = 60_000) => new Executor(db, approver.publicKey, dbMarkets(db), { clock: () => now, maxTtlMs }) };
}

async function rejected(p: Promise<unknown>): Promise<ApprovalRejected> {
  const err = await p.then(
    () => new Error('the approval was accepted'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApprovalRejected);
  return err as ApprovalRejected;
}

describe('the executor at the edges of its checks', () => {
  it('an approval expires at exactly its expiry time, not a millisecond later', async () => {
    const o = stage({ type: 'limit', limit: '1' });
    const { approval, executorAt } = await approvedAt(o, T0);
    const late = await rejected(executorAt(T0 + 30_000).execute(o.id, approval));
    expect([late.reason, late.name, late.message]).toEqual(['expired', 'ApprovalRejected', 'the approval has expired: approve again']);
    expect((await executorAt(T0 + 29_999).execute(o.id, approval)).status).toBe('unfilled');
  });

  it('tolerates 2 s of clock skew by default: issued 2 s ahead is valid, 2.001 s ahead is not yet', async () => {
    const o = stage({ type: 'limit', limit: '1' });
    const ahead = await approvedAt(o, T0 + 2_001);
    const early = await rejected(ahead.executorAt(T0).execute(o.id, ahead.approval));
    expect([early.reason, early.message]).toEqual(['not_yet_valid', 'the approval is issued in the future']);
    const skewed = await approvedAt(o, T0 + 2_000);
    expect((await skewed.executorAt(T0).execute(o.id, skewed.approval)).status).toBe('unfilled');
  });

  it('accepts a validity window of exactly the longest allowed, and no empty or backward one', async () => {
    const o = stage({ type: 'limit', limit: '1' });
    for (const ttl of [0, -1]) {
      const bad = await approvedAt(o, T0, ttl);
      const err = await rejected(bad.executorAt(T0).execute(o.id, bad.approval));
      expect([ttl, err.reason, err.message]).toEqual([ttl, 'malformed', 'the approval claims an invalid validity window']);
    }
    const longest = await approvedAt(o, T0, 60_000);
    expect((await longest.executorAt(T0, 60_000).execute(o.id, longest.approval)).status).toBe('unfilled');
  });

  it('says why it refuses, naming the order', async () => {
    const o = stage({ type: 'limit', limit: '1' });
    const { approval, executorAt } = await approvedAt(o, T0);
    const ex = executorAt(T0);
    const say = async (id: number, a: unknown) => {
      const e = await rejected(ex.execute(id, a));
      return [e.reason, e.message];
    };
    expect(await say(o.id, { nope: true })).toEqual(['malformed', 'not an approval']);
    expect(await say(o.id + 1000, approval)).toEqual(['wrong_order', `the approval is for order #${o.id}, not #${o.id + 1000}`]);
    expect(await say(o.id, { ...approval, nonce: approval.nonce.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toEqual(['bad_signature', 'the approval signature does not verify']);
    db.prepare("UPDATE staged_orders SET qty = '2' WHERE id = ?").run(o.id);
    expect(await say(o.id, approval)).toEqual(['record_changed', `order #${o.id} differs from what was approved: approve it again`]);
    db.prepare("UPDATE staged_orders SET qty = '1', status = 'cancelled' WHERE id = ?").run(o.id);
    expect(await say(o.id, approval)).toEqual(['not_staged', `order #${o.id} is cancelled, not staged`]);
    db.prepare('DELETE FROM staged_orders WHERE id = ?').run(o.id);
    expect(await say(o.id, approval)).toEqual(['no_such_order', `order #${o.id} does not exist`]);
  });

  it('refuses a second use of an approval, saying so', async () => {
    const o = stage({ type: 'limit', limit: '1' });
    const { approval, executorAt } = await approvedAt(o, T0);
    await executorAt(T0).execute(o.id, approval);
    const again = await rejected(executorAt(T0).execute(o.id, approval));
    expect([again.reason, again.message]).toEqual(['replayed', 'this approval was already used']);
  });

  it('writes the outcome back on the staged order: run, price and result when filled; the reason alone when not', async () => {
    const filled = stage();
    const a = await approvedAt(filled, T0);
    const r = await a.executorAt(T0).execute(filled.id, a.approval);
    expect(r.status).toBe('executed');
    const row = getStagedOrder(db, filled.id)!;
    expect([row.status, row.run_id, row.fill_price, row.updated_at]).toEqual(['executed', r.runId, r.price, new Date(T0).toISOString()]);
    expect(row.result).toBe(`filled at ${r.price} against the ${r.book}${r.reason ? `; ${r.reason}` : ''}`);
    // The run records which approval it executed: the SHA-256 of the signature, in hex.
    const run = db.prepare('SELECT strategy_json FROM runs WHERE id = ?').get(r.runId) as { strategy_json: string };
    expect(JSON.parse(run.strategy_json)).toEqual({ kind: 'orders', path: `staged-order:${filled.id}`, sha256: createHash('sha256').update(a.approval.signature).digest('hex') });

    const unfilled = stage({ type: 'limit', limit: '1' });
    const b = await approvedAt(unfilled, T0);
    const u = await b.executorAt(T0).execute(unfilled.id, b.approval);
    const row2 = getStagedOrder(db, unfilled.id)!;
    expect([row2.status, row2.run_id, row2.fill_price, row2.result]).toEqual(['unfilled', u.runId ?? null, null, u.reason ?? 'not filled']);
  });
});

describe('a partial fill', () => {
  it('is executed, and its result says how much filled and why the rest did not', async () => {
    // alice's AMZN market offers 100 shares at 220.64, and nothing beyond
    const o = stage({ qty: '105' });
    const a = await approvedAt(o, T0);
    const r = await a.executorAt(T0).execute(o.id, a.approval);
    expect([r.status, r.price, r.reason]).toEqual(['executed', '220.64', 'filled 100 of 105; the rest found no liquidity']);
    expect(getStagedOrder(db, o.id)!.result).toBe(`filled at 220.64 against the ${r.book}; filled 100 of 105; the rest found no liquidity`);
  });
});

describe('the keystroke classifier', () => {
  const at = (data: string, t = 10) => ({ data, at: t });
  it('follows bracketed paste across reads: an end marker closes it, a start after the end reopens it', () => {
    expect(classify(at('abc'), 0, 5, true)).toEqual({ action: 'ignore', inPaste: true });
    expect(classify(at(PASTE_END), 0, 5, true)).toEqual({ action: 'ignore', inPaste: false });
    expect(classify(at(`${PASTE_START}y${PASTE_END}`), 0, 5, false)).toEqual({ action: 'ignore', inPaste: false });
    expect(classify(at(`${PASTE_END}x${PASTE_START}`), 0, 5, true)).toEqual({ action: 'ignore', inPaste: true });
    // A stray end marker outside a paste changes nothing: the next y still approves.
    expect(classify(at(PASTE_END), 0, 5, false)).toEqual({ action: 'ignore', inPaste: false });
  });

  it('every verdict outside a paste leaves the paste state closed', () => {
    expect(classify(at('\u0003'), 0, 5, false)).toEqual({ action: 'interrupt', inPaste: false });
    expect(classify(at('\u001b'), 0, 5, false)).toEqual({ action: 'escape', inPaste: false });
    expect(classify(at('y'), 0, 5, false)).toEqual({ action: 'approve', inPaste: false });
    expect(classify(at('n'), 0, 5, false)).toEqual({ action: 'ignore', inPaste: false });
    expect(classify(at('y', 4), 0, 5, false)).toEqual({ action: 'ignore', inPaste: false });
  });

  it('arms at exactly armMs after the dialog appears', () => {
    expect(classify(at('y', 105), 100, 5, false).action).toBe('approve');
    expect(classify(at('y', 104), 100, 5, false).action).toBe('ignore');
  });

  it('after a stray paste end, a deliberate y approves', async () => {
    const approver = createKeystrokeApprover({ clock: () => 0, armMs: 0 });
    const order = stage();
    async function* keys(): AsyncGenerator<KeyChunk> {
      yield at(PASTE_END);
      yield at('y');
    }
    expect((await approver.confirm(order, keys(), () => {})).kind).toBe('approved');
  });
});

describe('the approval dialog', () => {
  const order = (over: Partial<StagedOrder> = {}): StagedOrder => ({
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
    ...over,
  });

  it('shows every approved field, one per line, exactly', () => {
    expect(renderDialog(order())).toBe(
      [
        '',
        '  APPROVE PAPER ORDER (staged by the analyst; it has not been sent)',
        '  order          #7',
        '  account        alice',
        '  action         BUY 10 AAPL',
        '  price          limit 185',
        '  time in force  day',
        '  staged at      2026-02-01T00:00:00.000Z',
        '',
        '  press y to approve this order once, Esc to cancel',
        '',
      ].join('\n'),
    );
  });

  it('a market order says so; a missing value shows as -, and a long one is cut at 40 characters', () => {
    const d = renderDialog(order({ order_type: 'market', limit_price: null, side: 'sell', account: 'a'.repeat(50) }));
    expect(d).toContain('  price          market (last known price)\n');
    expect(d).toContain('  action         SELL 10 AAPL\n');
    expect(d).toContain(`  account        ${'a'.repeat(40)}\n`);
    expect(renderDialog(order({ limit_price: null }))).toContain('  price          limit -\n');
  });
});
