import { Decimal } from 'decimal.js';
import type { Db } from '../../store/database.js';
import { runGroupWorker, nextOffset } from './group-consumer.js';
import { parseFillMessage } from './fill-message.js';
import { ensureWorkerTables } from './worker-store.js';

export interface MissionsWorkerInput {
  brokers: string[];
  group: string;
  fillsTopic: string;
  db: Db;
  untilIdleMs?: number;
  signal?: AbortSignal;
  warn(message: string): void;
}

/**
 * The missions service's feed of facts: per account, fills and traded notional, counted once per
 * fill event (the event id is the key) and committed before the offset. Mission rules read these
 * counters; the worker knows nothing of the rules themselves.
 */
export async function runMissionsWorker(input: MissionsWorkerInput): Promise<{ messages: number; counted: number }> {
  const { db } = input;
  ensureWorkerTables(db);
  const stats = { messages: 0, counted: 0 };
  const insert = db.prepare('INSERT OR IGNORE INTO live_mission_events (event_id, account) VALUES (?, ?)');
  const read = db.prepare('SELECT notional FROM live_mission_progress WHERE account = ?');
  const upsert = db.prepare(
    `INSERT INTO live_mission_progress (account, fills, notional) VALUES (?, 1, ?)
     ON CONFLICT (account) DO UPDATE SET fills = fills + 1, notional = excluded.notional`,
  );
  const count = db.transaction((event: string, account: string, notional: string) => {
    if (insert.run(event, account).changes === 0) return false;
    const row = read.get(account) as { notional: string } | undefined;
    upsert.run(account, new Decimal(row?.notional ?? '0').plus(notional).toFixed());
    return true;
  });
  await runGroupWorker({
    brokers: input.brokers,
    group: input.group,
    topic: input.fillsTopic,
    clientId: 'vtrade-missions',
    untilIdleMs: input.untilIdleMs,
    signal: input.signal,
    warn: input.warn,
    handle: async (batch) => {
      let last: string | undefined;
      for (const m of batch.messages) {
        const { msg, fill } = parseFillMessage(m.value, `kafka topic ${batch.topic} partition ${batch.partition}`, m.offset);
        if (count(msg.event, msg.account, fill.notional)) stats.counted++;
        stats.messages++;
        last = m.offset;
      }
      return last === undefined ? undefined : nextOffset(last);
    },
  });
  return stats;
}
