import { describe, expect, it } from 'vitest';
import type { ChatEvent } from './agent.js';
import { OfflineProvider } from './provider/offline.js';
import { freshDb, session } from '../../test/support/copilot-fixtures.js';
import type { CopilotEvent } from '../game/events.js';
import { journal, loadPlayer } from '../store/game.js';
import { getStagedOrder, insertStagedOrder } from '../store/staged-orders.js';
import { rebuildPlayer } from '../services/game-ingest.js';
import { copilotAskEvent, copilotGameTap, recordCopilotEvent, recordCopilotOrders } from './game-tap.js';

const copilotEvents = (db: Parameters<typeof journal>[0], accountId: number) => journal(db, accountId).filter((e): e is CopilotEvent => e.kind === 'copilot');

async function* stream(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  for (const e of events) yield e;
}
async function drain(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}
const done: ChatEvent = { type: 'done', stopReason: 'end_turn', steps: 1, usage: { input_tokens: 0, output_tokens: 0 } };

describe('copilot use as game events', () => {
  it('a turn that stages records the stage at the order time and the question at the injected clock', async () => {
    const { db, alice } = freshDb();
    const at = Date.parse('2026-02-01T12:00:05Z');
    const chat = session(new OfflineProvider(), db).tap(copilotGameTap(db, { id: alice, name: 'alice' }, { clock: () => at }));
    const seen = await drain(chat.ask('buy 10 AAPL at 185'));
    expect(seen.map((e) => e.type)).toContain('staged'); // the tap passes the chat through
    expect(seen.at(-1)?.type).toBe('done');
    const events = copilotEvents(db, alice);
    expect(events).toEqual([
      { kind: 'copilot', id: 'copilot:stage:1', account: 'alice', at: Date.parse('2026-02-01T12:00:00.000Z'), action: 'stage' },
      copilotAskEvent({ id: alice, name: 'alice' }, 'buy 10 AAPL at 185', at),
    ]);
    expect(loadPlayer(db, alice, 'alice').totals).toMatchObject({ copilotAsks: 1, copilotStaged: 1, copilotApproved: 0 });
  });

  it('a question counts when answered, not when the turn failed; its id is per account, time and question', async () => {
    const { db, alice, bob } = freshDb();
    const tap = copilotGameTap(db, { id: alice, name: 'alice' }, { clock: () => 1_770_000_000_000 });
    await drain(tap('what is my risk', stream([{ type: 'error', message: 'overloaded' }, done])));
    expect(copilotEvents(db, alice)).toEqual([]);
    await drain(tap('what is my risk', stream([{ type: 'text', text: 'fine' }, done])));
    expect(copilotEvents(db, alice)).toHaveLength(1);
    // Recording the same question at the same instant again is a retry: it counts once.
    expect(recordCopilotEvent(db, alice, copilotAskEvent({ id: alice, name: 'alice' }, 'what is my risk', 1_770_000_000_000))).toBeNull();
    const ids = new Set([
      copilotAskEvent({ id: alice, name: 'alice' }, 'what is my risk', 1_770_000_000_000).id,
      copilotAskEvent({ id: alice, name: 'alice' }, 'what is my risk', 1_770_000_000_001).id,
      copilotAskEvent({ id: alice, name: 'alice' }, 'what is my risk?', 1_770_000_000_000).id,
      copilotAskEvent({ id: bob, name: 'bob' }, 'what is my risk', 1_770_000_000_000).id,
    ]);
    expect(ids.size).toBe(4);
  });

  it('credits an executed order once, at its execution time, however often it is caught up', () => {
    const { db, alice } = freshDb();
    const o = insertStagedOrder(db, { accountId: alice, symbol: 'AAPL', side: 'buy', qty: '1', orderType: 'market', limitPrice: null, tif: 'day', origin: 'copilot:offline', nowIso: '2026-02-01T12:00:00.000Z' });
    const unfilled = insertStagedOrder(db, { accountId: alice, symbol: 'AAPL', side: 'buy', qty: '1', orderType: 'limit', limitPrice: '1', tif: 'day', origin: 'copilot:offline', nowIso: '2026-02-01T12:00:00.000Z' });
    db.prepare("UPDATE staged_orders SET status = 'executed', updated_at = '2026-02-01T12:03:00.000Z' WHERE id = ?").run(o.id);
    db.prepare("UPDATE staged_orders SET status = 'unfilled', updated_at = '2026-02-01T12:04:00.000Z' WHERE id = ?").run(unfilled.id);
    recordCopilotOrders(db, alice);
    recordCopilotOrders(db, alice);
    const events = copilotEvents(db, alice);
    expect(events.map((e) => e.id).sort()).toEqual([`copilot:approve:${o.id}`, `copilot:stage:${o.id}`, `copilot:stage:${unfilled.id}`].sort());
    expect(events.find((e) => e.action === 'approve')?.at).toBe(Date.parse(getStagedOrder(db, o.id)!.updated_at));
    const s = loadPlayer(db, alice, 'alice');
    expect(s.totals).toMatchObject({ copilotStaged: 2, copilotApproved: 1 });
    expect(s.badges['copilot-first-approve']).toBe(Date.parse('2026-02-01T12:03:00.000Z'));
    // Folding the journal from the start gives the stored state.
    expect(rebuildPlayer(db, alice, 'alice')).toEqual(s);
  });

  it('a failing game is a warning, never an error', () => {
    const { db, alice } = freshDb();
    db.prepare('INSERT INTO game_players (account_id, state, updated_at_ms) VALUES (?, ?, 0)').run(alice, '{broken');
    const warnings: string[] = [];
    const r = recordCopilotEvent(db, alice, copilotAskEvent({ id: alice, name: 'alice' }, 'hi', 1), { warn: (m) => warnings.push(m) });
    expect(r).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: game progress not updated for copilot use/);
    expect(copilotEvents(db, alice)).toEqual([]); // the journal entry rolled back with the failure
  });
});
