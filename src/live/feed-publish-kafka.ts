import { ensureTopic, idempotentProducer, kafkaClient, toKafkaMessage } from './kafka.js';
import { publishRecording, type PublishInput, type PublishResult } from './feed-publish.js';

export interface KafkaPublishInput extends Omit<PublishInput, 'send'> {
  /** host:port of each broker. */
  brokers: string[];
  topic: string;
  /** Partitions when the topic is created (an existing topic keeps its own). */
  partitions: number;
}

/**
 * Publishes a recording into a Kafka topic: the topic made if missing, one idempotent producer
 * that waits for every in-sync replica (acks -1), so a record the call has sent is stored.
 */
export async function publishToKafka(input: KafkaPublishInput): Promise<PublishResult> {
  const { brokers, topic, partitions, ...publish } = input;
  const kafka = kafkaClient(brokers, 'vtrade-feed');
  await ensureTopic(kafka, topic, partitions);
  const producer = idempotentProducer(kafka);
  await producer.connect();
  try {
    return await publishRecording({
      ...publish,
      send: async (records) => {
        await producer.send({ topic, acks: -1, messages: records.map(toKafkaMessage) });
      },
    });
  } finally {
    await producer.disconnect();
  }
}
