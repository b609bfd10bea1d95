import type { KafkaMessage } from 'kafkajs';
import { kafkaClient, waitForTopic } from '../kafka.js';

export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

export interface BatchControl {
  /** Reads the partition again from this offset; the rest of the batch is dropped (an offset the handler returns is still committed). */
  seek(offset: string): void;
  heartbeat(): Promise<void>;
  /** Commits this offset (the next to read) now, before the batch ends: for handlers whose records each take long. */
  commit(offset: string): Promise<void>;
  /** The group has moved on (a rebalance, a stop): the rest of the batch is someone else's. */
  stale(): boolean;
}

export interface GroupWorkerInput {
  brokers: string[];
  group: string;
  topic: string;
  clientId: string;
  /** Handles one partition's batch. Returns the offset to commit (the next to read), once what the batch produced is durable. */
  handle(batch: PartitionBatch, control: BatchControl): Promise<string | undefined>;
  /** The group (re)assigned partitions: state built from the old assignment may be stale. */
  onAssign?(partitions: number[]): void;
  /** Stop when no record has come for this long (ms), counted from joining the group. */
  untilIdleMs?: number;
  signal?: AbortSignal;
  warn: (message: string) => void;
}

/**
 * One member of a Kafka consumer group. Offsets are committed by hand, only after the handler
 * says its results are durable; a batch that fails is not committed and is read again (after a
 * crash, by whichever member owns the partition next), so handlers must be idempotent.
 * Resolves when stopped (signal or idle); rejects when a handler error is not retriable.
 */
export async function runGroupWorker(input: GroupWorkerInput): Promise<void> {
  const kafka = kafkaClient(input.brokers, input.clientId);
  const consumer = kafka.consumer({ groupId: input.group, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1000, rebalanceTimeout: 20_000 });
  let fatal: Error | undefined;
  let lastActivity = performance.now();
  let joined = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    if (!joined) lastActivity = performance.now();
    joined = true;
    input.onAssign?.((e.payload.memberAssignment[input.topic] ?? []).map(Number));
  });
  consumer.on(consumer.events.CRASH, (e) => {
    if (e.payload.restart) input.warn(`Kafka consumer of ${input.topic} restarting after: ${e.payload.error.message}`);
    else {
      fatal ??= e.payload.error;
      wake();
    }
  });
  const onAbort = () => wake();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => {
    if (input.untilIdleMs !== undefined && joined && performance.now() - lastActivity >= input.untilIdleMs) wake();
  }, 100);
  try {
    if (!(await waitForTopic(kafka, input.topic, input.warn, () => input.signal?.aborted === true))) return;
    await consumer.connect();
    await consumer.subscribe({ topic: input.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const isRunning = () => payload.isRunning();
        const isStale = () => payload.isStale();
        if (fatal !== undefined || !isRunning() || isStale()) return;
        lastActivity = performance.now();
        let sought = false;
        const control: BatchControl = {
          seek: (offset) => {
            sought = true;
            consumer.seek({ topic: batch.topic, partition: batch.partition, offset });
          },
          heartbeat: () => payload.heartbeat(),
          commit: (offset) => consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset }]),
          stale: () => fatal !== undefined || !isRunning() || isStale(),
        };
        const commit = await input.handle({ topic: batch.topic, partition: batch.partition, messages: batch.messages }, control);
        // A handler that seeks back may still have finished a prefix of the batch: that is committed.
        if (commit !== undefined) await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: commit }]);
        if (sought) return;
        lastActivity = performance.now();
      },
    });
    if (!input.signal?.aborted) await stopped;
  } finally {
    clearInterval(timer);
    input.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch(() => {});
  }
  if (fatal !== undefined) throw fatal;
}

/** The offset after a message: what a consumer group commits. */
export const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

