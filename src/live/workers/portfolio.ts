import type { Db } from '../../store/database.js';
import { findAccount, type AccountRow } from '../../store/accounts.js';
import { bookFill } from '../../store/paper-fills.js';
import { nextOffset, runGroupWorker } from './group-consumer.js';
import { parseFillMessage } from './fill-message.js';
import { streamRun } from '../../store/live-lanes.js';

export interface PortfolioWorkerInput {
  brokers: string[];
  group: string;
  fillsTopic: string;
  db: Db;
  untilIdleMs?: number;
  signal?: AbortSignal;
  warn: (message: string) => void;
  nowIso(): string;
}

export interface PortfolioStats {
  messages: number;
  booked: number;
  duplicates: number;
}

/**
 * Books fills from the fills topic into the paper accounts in SQLite. Each fill is one
 * transaction keyed by its event id (bookFill), so a fill read twice (after a crash, a
 * rebalance, a re-sent fill) is booked once; the offset is committed after the batch's
 * transactions are in SQLite.
 */
export async function runPortfolioWorker(input: PortfolioWorkerInput): Promise<PortfolioStats> {
  const { db } = input;
  const stats: PortfolioStats = { messages: 0, booked: 0, duplicates: 0 };
  const accounts = new Map<string, AccountRow>();
  await runGroupWorker({
    brokers: input.brokers,
    group: input.group,
    topic: input.fillsTopic,
    clientId: 'vtrade-portfolio',
    untilIdleMs: input.untilIdleMs,
    signal: input.signal,
    warn: input.warn,
    handle: async (batch, control) => {
      let last: string | undefined;
      for (const m of batch.messages) {
        const { msg, instrument, fill } = parseFillMessage(m.value, `kafka topic ${batch.topic} partition ${batch.partition}`, m.offset);
        let account = accounts.get(msg.account);
        if (!account) {
          // An unknown account stops the worker uncommitted: once it exists, a restart books everything.
          account = findAccount(db, msg.account);
          accounts.set(msg.account, account);
        }
        const runId = streamRun(db, { stream: msg.stream, accountId: account.id, symbol: instrument.symbol, strategy: msg.strategy, seed: msg.seed, config: {}, nowIso: input.nowIso() });
        if (bookFill(db, { accountId: account.id, runId, instrument, fill, bookedAt: input.nowIso() })) stats.booked++;
        else stats.duplicates++;
        stats.messages++;
        last = m.offset;
        if (stats.messages % 500 === 0) await control.heartbeat();
      }
      return last === undefined ? undefined : nextOffset(last);
    },
  });
  return stats;
}
