import type { Kernel, DeliveredFill } from '../../engine/kernel/kernel.js';
import { instrumentSpec, type Instrument } from '../../engine/model/instrument.js';
import { makeKernel } from '../../services/backtest.js';
import { loadStrategy } from '../../services/load-strategy.js';
import type { RunConfig } from '../../services/run-config.js';
import type { Db } from '../../store/database.js';
import { ensureTopic, idempotentProducer, kafkaClient } from '../kafka.js';
import { decodeRecord, headerText, wallMicros } from '../wire.js';
import { fillMessage } from './fill-message.js';
import { nextOffset, runGroupWorker } from './group-consumer.js';
import { fillsSent, recordProgress } from '../../store/live-lanes.js';

export interface ExecutionWorkerInput {
  brokers: string[];
  group: string;
  /** The market data topic (keyed by instrument). */
  topic: string;
  /** Where fills go (keyed by account); created with fillsPartitions if missing. */
  fillsTopic: string;
  fillsPartitions: number;
  account: string;
  strategyPath: string;
  config: RunConfig;
  seed: number;
  db: Db;
  untilIdleMs?: number;
  signal?: AbortSignal;
  log: (message: string) => void;
  warn: (message: string) => void;
  /** After each record went through its engine: produce time and decision time (µs). */
  onDecision?(sentMicros: number | undefined, doneMicros: number, events: number): void;
}

export interface ExecutionStats {
  records: number;
  events: number;
  fillsSent: number;
  rewinds: number;
  lanes: number;
  /** Wall clock (ms since the epoch, sub-millisecond) of the first and last record handled. */
  firstAt?: number;
  lastAt?: number;
}

interface Lane {
  key: string;
  instrument: Instrument;
  kernel: Kernel;
  /** Fills the engine made so far in this incarnation, in delivery order. */
  delivered: number;
  /** Fills of this lane already sent (durably recorded in SQLite before the offset commit). */
  sent: number;
  fresh: DeliveredFill[];
  ended: boolean;
}

/**
 * The execution service as a consumer group on the market data topic. Each instrument (a lane)
 * runs the strategy through the same Kernel as a backtest, and its fills go to the fills topic,
 * keyed by account, before the offset is committed.
 *
 * A lane's state is the engine's, and the engine is deterministic: a member that gains a
 * partition (at start, after a crash, in a rebalance) rebuilds its lanes by reading the
 * partition from the start. The fills each lane has already sent are counted in SQLite; the
 * rebuilt engine makes the same fills again and only those past that count are sent. A crash
 * between sending and recording can send a fill twice: it carries the same event id, and the
 * portfolio books it once.
 */
export async function runExecutionWorker(input: ExecutionWorkerInput): Promise<ExecutionStats> {
  const { db } = input;
  const kafka = kafkaClient(input.brokers, 'vtrade-execution');
  await ensureTopic(kafka, input.fillsTopic, input.fillsPartitions);
  const producer = idempotentProducer(kafka);
  await producer.connect();
  const stats: ExecutionStats = { records: 0, events: 0, fillsSent: 0, rewinds: 0, lanes: 0 };
  const lanes = new Map<number, Map<string, Lane>>();
  const rewind = new Set<number>();

  const laneFor = async (partition: number, inst: Instrument): Promise<Lane> => {
    let byPartition = lanes.get(partition);
    if (!byPartition) lanes.set(partition, (byPartition = new Map<string, Lane>()));
    let lane = byPartition.get(inst.symbol);
    if (lane) return lane;
    const key = `${input.group}/${input.topic}/${inst.symbol}`;
    const strategy = await loadStrategy(input.strategyPath, input.config.params);
    const made: Lane = {
      key,
      instrument: inst,
      kernel: undefined as unknown as Kernel,
      delivered: 0,
      sent: fillsSent(db, key),
      fresh: [],
      ended: false,
    };
    made.kernel = makeKernel({ strategy, config: input.config, seed: input.seed, instrument: inst, log: input.log, onFill: (f) => made.fresh.push(f) });
    byPartition.set(inst.symbol, made);
    stats.lanes++;
    lane = made;
    return lane;
  };

  try {
    await runGroupWorker({
      brokers: input.brokers,
      group: input.group,
      topic: input.topic,
      clientId: 'vtrade-execution',
      untilIdleMs: input.untilIdleMs,
      signal: input.signal,
      warn: input.warn,
      onAssign: (partitions) => {
        // Whatever was built before the rebalance may have missed records another member read.
        lanes.clear();
        rewind.clear();
        for (const p of partitions) rewind.add(p);
      },
      handle: async (batch, control) => {
        const p = batch.partition;
        if (rewind.has(p)) {
          rewind.delete(p);
          lanes.delete(p);
          if (batch.messages.length > 0 && batch.messages[0].offset !== '0') {
            stats.rewinds++;
            control.seek('0');
            return undefined;
          }
        }
        try {
          return await handleBatch(p, batch.topic, batch.messages);
        } catch (err) {
          // The engines saw part of a batch that will be read again: rebuild them from the start.
          lanes.delete(p);
          rewind.add(p);
          throw err;
        }
      },
    });
  } finally {
    await producer.disconnect().catch(() => {});
  }
  return stats;

  async function handleBatch(p: number, topic: string, messages: { offset: string; value: Buffer | null; headers?: Record<string, unknown> }[]): Promise<string | undefined> {
    let last: string | undefined;
    const touched = new Set<Lane>();
    for (const m of messages) {
      const rec = decodeRecord(headerText(m.headers as never), m.value, `kafka topic ${topic} partition ${p}`, m.offset);
      const lane = await laneFor(p, rec.instrument);
      touched.add(lane);
      if (rec.type === 'events') {
        lane.kernel.onBatch(rec.events);
        stats.events += rec.events.length;
      } else if (!lane.ended) {
        // The recording is over: in-flight orders drain and report, as at the end of a backtest.
        lane.kernel.finish();
        lane.ended = true;
      }
      stats.records++;
      const now = wallMicros();
      stats.firstAt ??= now / 1000;
      stats.lastAt = now / 1000;
      input.onDecision?.(rec.sentMicros, now, rec.type === 'events' ? rec.events.length : 0);
      last = m.offset;
    }
    if (last === undefined) return undefined;
    const out = [];
    for (const lane of touched) {
      for (const f of lane.fresh) {
        lane.delivered++;
        if (lane.delivered > lane.sent) {
          const msg = fillMessage({ stream: lane.key, account: input.account, instrument: instrumentSpec(lane.instrument), strategy: input.strategyPath, seed: input.seed, fill: f });
          out.push({ key: input.account, value: JSON.stringify(msg) });
        }
      }
      lane.fresh = [];
    }
    // In slices: one request must stay under Kafka's message size limit.
    for (let i = 0; i < out.length; i += 500) await producer.send({ topic: input.fillsTopic, acks: -1, messages: out.slice(i, i + 500) });
    stats.fillsSent += out.length;
    const lastOffset = last;
    db.transaction(() => {
      for (const lane of touched) {
        if (lane.delivered > lane.sent) lane.sent = lane.delivered;
        recordProgress(db, lane.key, lane.sent, lastOffset);
      }
    })();
    return nextOffset(lastOffset);
  }
}
