import { hostname } from 'node:os';
import { ExitCode } from '../../errors.js';
import { runSweepJob, type OpenData, type SweepJob, type SweepJobResult } from '../../services/sweep/job.js';
import { ensureTopic, idempotentProducer, kafkaClient } from '../kafka.js';
import { nextOffset, runGroupWorker } from './group-consumer.js';

/**
 * A sweep member on Kafka: takes cases from the cases topic as one member of a consumer group,
 * runs each exactly as `vtrade backtest` would, and publishes its result to the topic the case
 * names. Each case's offset is committed once its result is sent, so a member killed mid-case
 * leaves that case to whoever owns the partition next; the sweep keeps the first result of each
 * case, so a case run twice still appears once.
 */
export interface CaseMessage {
  sweep: string;
  reply: string;
  job: SweepJob;
}

export interface ResultMessage {
  sweep: string;
  result: SweepJobResult;
}

export interface BacktestWorkerStats {
  cases: number;
  refused: number;
  failed: number;
}

export async function runBacktestWorker(input: {
  brokers: string[];
  group: string;
  topic: string;
  open: OpenData;
  untilIdleMs?: number;
  signal?: AbortSignal;
  warn: (m: string) => void;
  log: (m: string) => void;
}): Promise<BacktestWorkerStats> {
  const kafka = kafkaClient(input.brokers, `vtrade-backtest-${hostname()}-${process.pid}`);
  const producer = idempotentProducer(kafka);
  await producer.connect();
  const stats: BacktestWorkerStats = { cases: 0, refused: 0, failed: 0 };
  const replies = new Set<string>();
  try {
    await runGroupWorker({
      brokers: input.brokers,
      group: input.group,
      topic: input.topic,
      clientId: `vtrade-backtest-${process.pid}`,
      untilIdleMs: input.untilIdleMs,
      signal: input.signal,
      warn: input.warn,
      handle: async (batch, control) => {
        let commit: string | undefined;
        for (const m of batch.messages) {
          if (control.stale()) break;
          let msg: CaseMessage | undefined;
          try {
            msg = JSON.parse(m.value?.toString() ?? '') as CaseMessage;
          } catch {
            input.warn(`skipping a record of ${batch.topic} partition ${batch.partition} offset ${m.offset}: not a sweep case`);
          }
          if (msg?.job && msg.reply) {
            // Heartbeats while the case runs: a long case must not look like a dead member.
            const beat = setInterval(() => void control.heartbeat().catch(() => {}), 1000);
            let result: SweepJobResult;
            try {
              result = await runSweepJob(msg.job, input.open, input.log);
            } catch (err) {
              result = { id: msg.job.id, key: msg.job.key, member: `${hostname()}:${process.pid}`, warnings: [], seconds: 0, error: { message: (err as Error)?.message ?? String(err), exitCode: ExitCode.Internal } };
            } finally {
              clearInterval(beat);
            }
            stats.cases++;
            if (result.error) {
              if (result.error.exitCode === ExitCode.BadInput) stats.refused++;
              else stats.failed++;
              input.warn(`case ${msg.job.id} of sweep ${msg.sweep}: ${result.error.message}`);
            }
            if (!replies.has(msg.reply)) {
              await ensureTopic(kafka, msg.reply, 1);
              replies.add(msg.reply);
            }
            await producer.send({ topic: msg.reply, acks: -1, messages: [{ key: msg.job.id, value: JSON.stringify({ sweep: msg.sweep, result } satisfies ResultMessage) }] });
          }
          commit = nextOffset(m.offset);
          await control.commit(commit);
          await control.heartbeat();
        }
        return commit;
      },
    });
  } finally {
    await producer.disconnect().catch(() => {});
  }
  return stats;
}
