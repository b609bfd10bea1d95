import type { Db } from '../store/database.js';
import type { DeliveredFill } from '../engine/kernel/kernel.js';
import type { Strategy } from '../engine/strategy.js';
import { UsageError } from '../errors.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import { findAccount } from '../store/accounts.js';
import { loadStrategy } from '../services/load-strategy.js';
import { closingMarkets, PaperRun, type RunDataRef } from '../services/paper-run.js';
import { requireFile } from '../services/paper-replay.js';
import { sha256File } from '../services/run-outputs.js';
import { scheduledOrders } from '../services/tca.js';
import type { RunConfig } from '../services/run-config.js';
import type { MarketData } from '../data/market-data.js';
import { replaySession } from '../tui/session/replay-session.js';
import type { Speed } from '../services/pacing.js';
import { runTui } from '../tui/run-tui.js';
import type { CopilotSource } from '../tui/components/copilot-pane.js';
import { dbGameSource } from '../tui/game-source.js';
import { dbCopilotSource } from '../tui/copilot-source.js';

export interface ReplayTuiInput {
  /** The recording; with `others`, the first instrument's. */
  data: MarketData;
  /** Further instruments' recordings ("A+B"), in part order: one clock, one account. */
  others?: MarketData[];
  strategyPath?: string;
  ordersPath?: string;
  config: RunConfig;
  seed: number;
  speed: Speed;
  plain: boolean;
  /** The paper account that trades, with its database; else a scratch account at the config's cash. */
  account?: { db: Db; name: string };
}

/**
 * `vtrade replay --tui`: the recording through the engine with the terminal UI attached. The
 * keyboard trades alongside the strategy (if any). With --account the run starts from the
 * account's cash and position and books every fill as it happens; the run is closed when the UI
 * quits. Such a run cannot be resumed (keyboard orders are not replayable), so it is never left open.
 */
export async function replayTui(input: ReplayTuiInput): Promise<void> {
  const { data, config } = input;
  const parts = [data, ...(input.others ?? [])];
  if (input.strategyPath && input.ordersPath) throw new UsageError('give at most one of --strategy and --orders');
  const inst = data.instrument;
  if (input.strategyPath) requireFile(input.strategyPath, '--strategy');
  if (input.ordersPath) requireFile(input.ordersPath, '--orders');
  let strategy: Strategy | undefined;
  if (input.strategyPath) strategy = await loadStrategy(input.strategyPath, config.params);
  else if (input.ordersPath) strategy = scheduledOrders(readOrdersCsv(input.ordersPath, inst));

  let paper: PaperRun | undefined;
  if (input.account) {
    const { db, name } = input.account;
    const source = input.strategyPath ?? input.ordersPath;
    const refs: RunDataRef[] = [];
    for (const [part, p] of parts.entries()) refs.push({ path: p.path, sha256: await sha256File(p.path), ...(parts.length > 1 ? { part } : {}) });
    paper = await PaperRun.begin({
      db,
      account: findAccount(db, name),
      instrument: inst,
      others: parts.slice(1).map((p) => p.instrument),
      data: refs,
      strategy: { kind: input.ordersPath ? 'orders' : 'file', path: source ?? 'keyboard', sha256: source ? await sha256File(source) : '' },
      config,
      seed: input.seed,
      nowIso: () => new Date().toISOString(),
    });
  }

  const session = replaySession({
    data,
    others: input.others,
    strategy,
    config,
    seed: input.seed,
    speed: input.speed,
    account: input.account?.name,
    startingCash: paper?.startingCash,
    startingPositions: paper?.startingPositions,
    onFill: paper ? (fill: DeliveredFill) => void paper.book(fill) : undefined,
    // A strategy's log lines would tear the full screen; the plain feed has room for them.
    log: input.plain ? (m) => process.stderr.write(`strategy: ${m}\n`) : () => {},
  });
  let failed = false;
  try {
    const acct = input.account;
    await runTui(session, { plain: input.plain, game: acct ? dbGameSource(acct.db, acct.name) : undefined, copilot: acct && !input.plain ? copilotFor(acct.db, acct.name) : undefined });
    await session.done;
    const apart = session.overlapWarning();
    if (apart) process.stderr.write(`warning: ${apart}\n`);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (paper) {
      const end = session.engine.finished ? session.engine.finish() : undefined;
      await paper.finish(failed ? 'failed' : 'done', end ? closingMarkets(session.engine.kernel, end) : undefined);
    }
  }
}

/** The chat pane's copilot, or why there is none (bad copilot settings must not stop a run). */
export function copilotFor(db: Db, name: string): CopilotSource | string {
  try {
    return dbCopilotSource(db, name);
  } catch (err) {
    return `copilot unavailable: ${(err as Error).message}`;
  }
}
