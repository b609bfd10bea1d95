import { createHash } from 'node:crypto';
import type { ChatTap } from './session.js';
import type { CopilotAction, CopilotEvent } from '../game/events.js';
import type { Db } from '../store/database.js';
import { hasEvent } from '../store/game.js';
import { listStagedOrders, type StagedOrder } from '../store/staged-orders.js';
import { recordGameEvent, type GameSummary } from '../services/game-ingest.js';

/**
 * Copilot use as game events: a question answered about an account, an order the copilot
 * staged, an order the user approved that executed. Ids are stable, so recording the same use
 * again (a retry, a catch-up) changes nothing. The game never fails the copilot or an approval:
 * a failure is a warning, and the orders' events are caught up the next time.
 */

export interface CopilotGameOptions {
  /** Epoch ms of "now", for the time of a question. */
  clock?: () => number;
  /** Where a failure of the game is reported (default: stderr). */
  warn?: (message: string) => void;
  /** Told what each newly recorded event earned. */
  onProgress?: (summary: GameSummary) => void;
}

const defaultWarn = (message: string) => process.stderr.write(`${message}\n`);

/** A question about an account: unique per account, instant and question. */
export function copilotAskEvent(account: { id: number; name: string }, question: string, at: number): CopilotEvent {
  const digest = createHash('sha256').update(`${account.id}\n${at}\n${question}`).digest('hex').slice(0, 24);
  return { kind: 'copilot', id: `copilot:ask:${digest}`, account: account.name, at, action: 'ask' };
}

/** Staging or approving a staged order: once per order. The time is the order's own record. */
export function copilotOrderEvent(order: StagedOrder, action: Exclude<CopilotAction, 'ask'>, fallbackAt: number): CopilotEvent {
  const stamp = Date.parse(action === 'stage' ? order.created_at : order.updated_at);
  return { kind: 'copilot', id: `copilot:${action}:${order.id}`, account: order.account, at: Number.isNaN(stamp) ? fallbackAt : stamp, action };
}

/** Records one copilot event; null when it was recorded before or the game failed (warned). */
export function recordCopilotEvent(db: Db, accountId: number, e: CopilotEvent, opts: CopilotGameOptions = {}): GameSummary | null {
  try {
    const g = recordGameEvent(db, accountId, e);
    if (g) opts.onProgress?.(g);
    return g;
  } catch (err) {
    (opts.warn ?? defaultWarn)(`warning: game progress not updated for copilot use (${(err as Error).message}); it catches up on the next copilot or approve`);
    return null;
  }
}

/**
 * Brings an account's copilot orders into the game: a stage event for each order the copilot
 * staged and an approve event for each one executed, unless already recorded. This is how an
 * approval is credited, and how a use missed by an earlier failure is caught up.
 */
export function recordCopilotOrders(db: Db, accountId: number, opts: CopilotGameOptions = {}): void {
  const now = (opts.clock ?? Date.now)();
  let orders: StagedOrder[];
  try {
    orders = listStagedOrders(db, { accountId }).filter((o) => o.origin.startsWith('copilot'));
  } catch (err) {
    (opts.warn ?? defaultWarn)(`warning: game progress not updated for copilot use (${(err as Error).message})`);
    return;
  }
  for (const o of orders) {
    const actions: Exclude<CopilotAction, 'ask'>[] = o.status === 'executed' ? ['stage', 'approve'] : ['stage'];
    for (const action of actions) {
      const e = copilotOrderEvent(o, action, now);
      if (!safeHasEvent(db, e.id)) recordCopilotEvent(db, o.account_id, e, opts);
    }
  }
}

function safeHasEvent(db: Db, id: string): boolean {
  try {
    return hasEvent(db, id);
  } catch {
    return false; // recording reports the failure
  }
}

/**
 * A chat tap that credits copilot use: each order staged during a turn (to the order's account),
 * and, when the turn ends answered, the question (to the account the chat is about).
 */
export function copilotGameTap(db: Db, account: { id: number; name: string } | undefined, opts: CopilotGameOptions = {}): ChatTap {
  const clock = opts.clock ?? Date.now;
  return async function* (question, events) {
    const at = clock();
    let failed = false;
    for await (const ev of events) {
      if (ev.type === 'error') failed = true;
      else if (ev.type === 'staged') recordCopilotEvent(db, ev.order.account_id, copilotOrderEvent(ev.order, 'stage', clock()), opts);
      else if (ev.type === 'done' && account && !failed) {
        recordCopilotEvent(db, account.id, copilotAskEvent(account, question, at), opts);
        recordCopilotOrders(db, account.id, opts);
      }
      yield ev;
    }
  };
}

export const noProgress = (): GameSummary => ({ events: 0, xp: 0, xpItems: [], badges: [], missionsCompleted: [], rewardsCredited: 0, levelUps: [] });

/** Adds up what several recorded events earned. */
export function addSummary(total: GameSummary, g: GameSummary): GameSummary {
  total.events += g.events;
  total.xp += g.xp;
  total.xpItems.push(...g.xpItems);
  total.badges.push(...g.badges);
  total.missionsCompleted.push(...g.missionsCompleted);
  total.rewardsCredited += g.rewardsCredited;
  total.levelUps.push(...g.levelUps);
  return total;
}
