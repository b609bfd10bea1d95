import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SweepJob, SweepJobResult } from '../services/sweep/job.js';
import { ensureTopic, idempotentProducer, kafkaClient } from './kafka.js';
import type { CaseMessage, ResultMessage } from './workers/backtest.js';

/**
 * A sweep's jobs on Kafka: published to the cases topic (keyed by job id, spread over its
 * partitions) for `vtrade worker backtest` members, and their results read back from
 * `<topic>-results`. Several sweeps can share the topics: each result names its sweep, and this
 * sweep reads the results topic from where it stood before the first case went out. A job whose
 * result comes twice (a member killed after sending, a rebalance) counts once: the first.
 */
export const CASE_PARTITIONS = 16;

/** Retries what fails while a new topic's partitions are being placed (unknown partition, no leader yet), for up to 30 s. */
async function settled<T>(f: () => Promise<T>): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      return await f();
    } catch (err) {
      const type = (err as { type?: string }).type ?? '';
      const placing = ['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'TOPIC_ALREADY_EXISTS'].includes(type) || (err as { retriable?: boolean }).retriable === true;
      if (!placing || Date.now() > until) throw err;
      await sleep(250);
    }
  }
}

export async function runSweepOnKafka(args: {
  brokers: string[];
  topic: string;
  jobs: SweepJob[];
  onResult: (r: SweepJobResult) => void;
  warn: (m: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const sweep = randomBytes(8).toString('hex');
  const reply = `${args.topic}-results`;
  const kafka = kafkaClient(args.brokers, `vtrade-sweep-${sweep}`);
  // A topic just created (here or by a member) can take a moment to have its metadata everywhere.
  await settled(() => ensureTopic(kafka, args.topic, CASE_PARTITIONS));
  await settled(() => ensureTopic(kafka, reply, 1));
  const from = await settled(async () => {
    const admin = kafka.admin();
    await admin.connect();
    return admin.fetchTopicOffsets(reply).finally(() => admin.disconnect());
  });
  const pending = new Set(args.jobs.map((j) => j.id));
  if (pending.size === 0) return;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = kafka.consumer({ groupId: `vtrade-sweep-${sweep}`, maxWaitTimeInMs: 100 });
  const onAbort = () => done();
  args.signal?.addEventListener('abort', onAbort, { once: true });
  let heard = false;
  const quiet = setTimeout(() => {
    if (!heard) args.warn(`no result yet after 15 s: is a member running? vtrade worker backtest --brokers ${args.brokers.join(',')} --group <g> --topic ${args.topic}`);
  }, 15_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: reply, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        let m: ResultMessage;
        try {
          m = JSON.parse(message.value?.toString() ?? '') as ResultMessage;
        } catch {
          return;
        }
        if (m.sweep !== sweep || !pending.has(m.result?.id)) return;
        heard = true;
        pending.delete(m.result.id);
        args.onResult(m.result);
        if (pending.size === 0) done();
      },
    });
    for (const p of from) consumer.seek({ topic: reply, partition: p.partition, offset: p.offset });
    const producer = idempotentProducer(kafka);
    await producer.connect();
    try {
      const messages = args.jobs.map((job) => ({ key: job.id, value: JSON.stringify({ sweep, reply, job } satisfies CaseMessage) }));
      for (let i = 0; i < messages.length; i += 500) await producer.send({ topic: args.topic, acks: -1, messages: messages.slice(i, i + 500) });
    } finally {
      await producer.disconnect();
    }
    await finished;
  } finally {
    clearTimeout(quiet);
    args.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch(() => {});
    const a = kafka.admin();
    // The sweep's own group has served its purpose: leave no empty group behind.
    await a.connect().then(() => a.deleteGroups([`vtrade-sweep-${sweep}`])).catch(() => {}).finally(() => a.disconnect());
  }
}
