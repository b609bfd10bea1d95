import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { startProgress } from '../cli-support/progress.js';
import { parseSpeed } from '../services/pacing.js';
import { parseBrokers } from '../live/kafka.js';
import { MAX_EVENTS_PER_RECORD } from '../live/feed-publish.js';
import { publishToKafka } from '../live/feed-publish-kafka.js';
import { dataParts, openPartsFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';

interface PublishFlags extends DataFlags {
  brokers?: string;
  topic?: string;
  speed: string;
  encoding: string;
  partitions: string;
  batch: string;
  end: boolean;
  json?: boolean;
}

export function feedCommand(): Command {
  const feed = new Command('feed').description('market data feeds on Kafka');
  const publish = new Command('publish')
    .description('publish a recording into a Kafka topic, keyed by instrument (for demos, tests and classrooms)')
    .argument('<file>', 'market data in any format vtrade reads; "A+B" publishes several instruments merged by exchange time')
    .option('--brokers <list>', 'Kafka brokers, host:port[,host:port...]')
    .option('--topic <name>', 'the topic (created if missing)')
    .option('--speed <s>', 'data time per wall time: 1x, 10x, max', 'max')
    .option('--encoding <e>', 'binary (compact, 48 bytes an event) or json', 'binary')
    .option('--partitions <n>', 'partitions when the topic is created', '1')
    .option('--batch <n>', 'events per record at most', '1000')
    .option('--no-end', 'do not send the end-of-recording record')
    .option('--json', 'print the result as JSON');
  withDataOptions(publish);
  publish
    .addHelpText(
      'after',
      `
Records are batches of events of one instrument, keyed by its symbol, so an instrument stays in
one partition, in order. The record format is in docs/live.md. The last record says the
recording is over (workers finish the instrument's run on it; vtrade live keeps tailing).

Examples:
  $ vtrade feed publish fixtures/synth/syn-seed42-5min.csv.gz --brokers 127.0.0.1:9092 --topic md
  $ vtrade feed publish fixtures/synth/syn-seed42-5min.csv.gz --brokers 127.0.0.1:9092 --topic md --speed 10x`,
    )
    .action(async (file: string, flags: PublishFlags) => {
      if (!flags.brokers || !flags.topic) throw new UsageError('feed publish needs --brokers and --topic', 'vtrade feed publish <file> --brokers 127.0.0.1:9092 --topic md');
      if (flags.encoding !== 'binary' && flags.encoding !== 'json') throw new UsageError(`--encoding "${flags.encoding}" is not binary or json`);
      const speed = parseSpeed(flags.speed);
      const partitions = wholeNumber(flags.partitions, '--partitions', 1);
      const batch = wholeNumber(flags.batch, '--batch', 1);
      if (batch > MAX_EVENTS_PER_RECORD) throw new UsageError(`--batch ${batch} is too large`, `at most ${MAX_EVENTS_PER_RECORD} events a record (Kafka's message size limit)`);
      const brokers = parseBrokers(flags.brokers);
      const [data, ...others] = await openPartsFromFlags(dataParts([file]), flags);
      const progress = startProgress('publish', 0);
      const r = await publishToKafka({
        brokers,
        topic: flags.topic,
        partitions,
        data,
        others,
        encoding: flags.encoding,
        speed,
        maxEventsPerRecord: batch,
        end: flags.end,
        onProgress: (n) => progress.update(n),
      });
      progress.stop();
      for (const part of [data, ...others]) reportWarnings(part);
      const out = { topic: flags.topic, symbol: [data, ...others].map((p) => p.instrument.symbol).join('+'), events: r.events, records: r.records, bytes: r.bytes, seconds: Number(r.seconds.toFixed(3)) };
      if (flags.json) return writeJson(out);
      process.stdout.write(renderTable(['figure', 'value'], Object.entries(out).map(([k, v]) => [k, String(v)])));
    });
  feed.addCommand(publish);
  return feed;
}
