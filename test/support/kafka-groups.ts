import { Kafka, logLevel } from 'kafkajs';

export interface GroupOnTopic {
  group: string;
  topic: string;
}

/** How far each group is from the end of its topic, partition by partition ("" when caught up). */
async function lagOf(admin: ReturnType<Kafka['admin']>, g: GroupOnTopic): Promise<string> {
  const ends = await admin.fetchTopicOffsets(g.topic);
  const [committed] = await admin.fetchOffsets({ groupId: g.group, topics: [g.topic] });
  const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  const behind = ends.filter((e) => (at.get(e.partition) ?? -1n) < BigInt(e.high) && BigInt(e.high) > 0n);
  return behind.map((e) => `${g.group} on ${g.topic}[${e.partition}] at ${String(at.get(e.partition) ?? 'nothing')} of ${e.high}`).join(', ');
}

/**
 * Waits until each consumer group has committed the end of its topic. The workers commit an
 * offset only once what they made of the records before it is durable, so when the producer
 * upstream has stopped and every group is at the end, nothing is left to arrive: a duplicate,
 * if there were one, would already be in the database. Groups are checked in the order given,
 * each after the one upstream of it is done.
 */
export async function waitForGroups(brokers: string[], groups: GroupOnTopic[], timeoutMs: number, diagnose?: () => string): Promise<void> {
  const admin = new Kafka({ clientId: 'vtrade-test-lag', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const until = Date.now() + timeoutMs;
    for (const g of groups) {
      for (;;) {
        const lag = await lagOf(admin, g).catch((err: Error) => `not readable yet (${err.message})`);
        if (lag === '') break;
        if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for consumer groups to catch up: ${lag}${diagnose ? `\n${diagnose()}` : ''}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
