import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { UsageError } from '../errors.js';
import type { FeedRecord } from './wire.js';

/**
 * The Kafka client as vtrade uses it. kafkajs logs JSON to stdout by default, which would mix
 * with vtrade's own output: it stays silent unless VTRADE_KAFKA_LOG names a level (error, warn,
 * info, debug), and then writes to stderr.
 */
export function parseBrokers(text: string): string[] {
  const brokers = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const b of brokers) {
    if (!/^[A-Za-z0-9_.\-[\]:]+:\d{1,5}$/.test(b)) throw new UsageError(`--brokers "${b}" is not host:port`, 'for example --brokers 127.0.0.1:9092,127.0.0.1:9093');
  }
  if (brokers.length === 0) throw new UsageError('--brokers is empty', 'for example --brokers 127.0.0.1:9092');
  return brokers;
}

const LEVELS: Record<string, logLevel> = { error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO, debug: logLevel.DEBUG };

export function kafkaClient(brokers: string[], clientId: string): Kafka {
  const level = LEVELS[process.env.VTRADE_KAFKA_LOG ?? ''] ?? logLevel.NOTHING;
  return new Kafka({
    clientId,
    brokers,
    logLevel: level,
    logCreator: () => (entry) => {
      process.stderr.write(`kafka ${entry.namespace}: ${entry.log.message}${entry.log.error ? ` (${String(entry.log.error)})` : ''}\n`);
    },
    // A broker that restarts is back within seconds: keep trying for half a minute before failing.
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 30 },
    connectionTimeout: 3000,
  });
}

/**
 * An idempotent producer: a retried send after a broker restart is written once. Records of
 * one key keep their order (one request in flight).
 */
export function idempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
}

/** Creates the topic if it does not exist (partitions only apply to a new topic). */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: -1 }], waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}

export function toKafkaMessage(r: FeedRecord): { key: string; value: Buffer; headers: Record<string, string> } {
  return { key: r.key, value: r.value, headers: r.headers };
}

/**
 * A consumer may start before whoever creates its topic (the publisher, the execution worker):
 * it waits for the topic, saying so once. False if stopped meanwhile.
 */
export async function waitForTopic(kafka: Kafka, topic: string, warn: (m: string) => void, stopped: () => boolean): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let said = false;
    for (;;) {
      if (stopped()) return false;
      const topics = await admin.listTopics();
      if (topics.includes(topic)) {
        const meta = await admin.fetchTopicMetadata({ topics: [topic] });
        if (meta.topics[0]?.partitions.every((p) => p.leader >= 0)) return true;
      }
      if (!said) warn(`waiting for topic ${topic} to be created`);
      said = true;
      await sleep(300);
    }
  } finally {
    await admin.disconnect();
  }
}
