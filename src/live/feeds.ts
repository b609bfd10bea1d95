import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import type { InProcessBus } from './in-process-bus.js';
import { kafkaClient, waitForTopic } from './kafka.js';
import { decodeRecord, headerText, type FeedMessage, type FeedPosition, type FeedRecord } from './wire.js';

export interface FeedHandlers {
  /** One decoded record, in order; it is processed before the next arrives. */
  onMessage(m: FeedMessage): void;
  /** The feed is being consumed (idle time counts from here). */
  onReady(): void;
  /** The feed cannot go on (a bad record, a strategy that threw, Kafka gave up). */
  onError(err: unknown): void;
}

/** A source of feed records for a live run. */
export interface LiveFeed {
  /** Where the data came from, as the manifest names it. */
  readonly source: string;
  start(h: FeedHandlers): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Kafka topic, read by a consumer group of its own (a live run keeps no offsets: each run reads
 * from the start of the topic, or from its end with from = latest, or, resuming a run, from the
 * record it started at on each partition it read). Every message says where it sits in the topic.
 */
export function kafkaFeed(opts: { brokers: string[]; topic: string; from: 'earliest' | 'latest' | FeedPosition | FeedPosition[]; warn: (m: string) => void }): LiveFeed {
  let consumer: Consumer | undefined;
  let failed = false;
  let stopping = false;
  return {
    source: `kafka://${opts.brokers.join(',')}/${opts.topic}`,
    async start(h) {
      const kafka = kafkaClient(opts.brokers, 'vtrade-live');
      if (!(await waitForTopic(kafka, opts.topic, opts.warn, () => stopping))) return;
      const c = kafka.consumer({ groupId: `vtrade-live-${randomUUID()}`, maxWaitTimeInMs: 100 });
      consumer = c;
      c.on(c.events.GROUP_JOIN, () => h.onReady());
      c.on(c.events.CRASH, (e) => {
        if (!e.payload.restart) {
          failed = true;
          h.onError(e.payload.error);
        }
      });
      await c.connect();
      if (stopping) return;
      await c.subscribe({ topic: opts.topic, fromBeginning: opts.from !== 'latest' });
      const from = Array.isArray(opts.from) ? opts.from : typeof opts.from === 'object' ? [opts.from] : [];
      const startOf = new Map(from.map((f) => [f.partition, BigInt(f.offset)]));
      await c.run({
        autoCommit: false,
        eachBatch: async (payload) => {
          const batch = payload.batch;
          const start = startOf.get(batch.partition);
          for (const m of batch.messages) {
            if (failed) return;
            // Before the resume point (a fetch made before the seek took hold): already traded.
            if (start !== undefined && BigInt(m.offset) < start) continue;
            try {
              const msg = decodeRecord(headerText(m.headers), m.value, `kafka topic ${batch.topic} partition ${batch.partition}`, m.offset);
              h.onMessage({ ...msg, at: { partition: batch.partition, offset: m.offset } });
            } catch (err) {
              // Not thrown back to kafkajs, which would retry the batch: the run ends here.
              failed = true;
              h.onError(err);
              return;
            }
            payload.resolveOffset(m.offset);
          }
        },
      });
      // Seeking is allowed once the consumer runs: the partition is read again from there.
      for (const f of from) c.seek({ topic: opts.topic, partition: f.partition, offset: f.offset });
    },
    async stop() {
      stopping = true;
      await consumer?.disconnect();
    },
  };
}

/**
 * A topic of the in-process bus, fed by a publisher in the same process. `play` starts that
 * publisher once the run listens (the bus keeps nothing for late subscribers).
 */
export function busFeed(bus: InProcessBus<FeedRecord>, topic: string, source: string, play?: () => void): LiveFeed {
  let unsubscribe: (() => void) | undefined;
  let offset = 0;
  let failed = false;
  return {
    source,
    async start(h) {
      unsubscribe = bus.subscribe(topic, (r) => {
        if (failed) return;
        try {
          h.onMessage(decodeRecord(r.headers, r.value, `bus topic ${topic}`, offset++));
        } catch (err) {
          failed = true;
          h.onError(err);
        }
      });
      h.onReady();
      play?.();
    },
    async stop() {
      unsubscribe?.();
    },
  };
}
