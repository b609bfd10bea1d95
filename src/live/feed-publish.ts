import type { MarketData } from '../data/market-data.js';
import { instrumentSpec } from '../engine/model/instrument.js';
import type { MarketEvent } from '../engine/model/events.js';
import { pacer, type Speed } from '../services/pacing.js';
import { mergedBatches, onePart } from '../data/merge-parts.js';
import { endRecord, eventsRecord, wallMicros, type Encoding, type FeedRecord } from './wire.js';

const SEND_BYTES = 256 * 1024;
/** Events per record at most: a record stays well under Kafka's default 1 MB message limit. */
export const MAX_EVENTS_PER_RECORD = 10_000;

export interface PublishInput {
  data: MarketData;
  /** Further instruments' recordings: merged with `data` by exchange time, each record keyed by its own instrument. */
  others?: MarketData[];
  /** Where records go (a Kafka producer, the in-process bus); resolves once they are stored. */
  send: (records: FeedRecord[]) => Promise<void>;
  encoding: Encoding;
  speed: Speed;
  /** Events per record: larger records carry a replay faster, smaller ones arrive sooner. */
  maxEventsPerRecord?: number;
  /**
   * Data time before which records go out without waiting (a resumed run catching up with where
   * it was): the pace starts at the first event from then on.
   */
  fastUntil?: bigint;
  /** Send the end-of-recording record last (default true). */
  end?: boolean;
  onProgress?: (events: number) => void;
}

export interface PublishResult {
  events: number;
  records: number;
  bytes: number;
  seconds: number;
}

/**
 * Publishes a recording as a feed: batches of events, keyed by the instrument, in order. At a
 * speed (1x, 10x) it keeps pace with the data's own clock, so a consumer sees it as it would
 * have arrived; at max it sends as fast as the transport takes it, several records per send.
 */
export async function publishRecording(input: PublishInput): Promise<PublishResult> {
  const parts = [input.data, ...(input.others ?? [])];
  const specs = parts.map((p) => instrumentSpec(p.instrument));
  const per = Math.min(input.maxEventsPerRecord ?? 1000, MAX_EVENTS_PER_RECORD);
  const pace = pacer(input.speed);
  const started = performance.now();
  let events = 0;
  let records = 0;
  let bytes = 0;
  let pending: FeedRecord[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    pendingBytes = 0;
    await input.send(out);
  };
  const add = async (chunk: MarketEvent[], market: number) => {
    for (let i = 0; i < chunk.length; i += per) {
      const r = eventsRecord(specs[market], i === 0 && chunk.length <= per ? chunk : chunk.slice(i, i + per), input.encoding, wallMicros());
      pending.push(r);
      pendingBytes += r.value.length;
      records++;
      bytes += r.value.length;
      // One send is one request: Kafka refuses requests over its message size (1 MB by default).
      if (pendingBytes >= SEND_BYTES) await flush();
    }
  };
  const batches = parts.length === 1 ? onePart(input.data) : mergedBatches(parts);
  for await (const { market, events: batch } of batches) {
    for (const chunk of pace.split(batch)) {
      if (chunk.length === 0) continue;
      if (input.speed !== 'max' && !(input.fastUntil !== undefined && chunk[0].tsExch < input.fastUntil)) await pace.wait(chunk[0]);
      await add(chunk, market);
      // Paced, each slice goes out on time; at max speed sends fill up first.
      if (input.speed !== 'max') await flush();
    }
    events += batch.length;
    input.onProgress?.(events);
  }
  if (input.end !== false) for (const spec of specs) pending.push(endRecord(spec, wallMicros()));
  await flush();
  return { events, records, bytes, seconds: (performance.now() - started) / 1000 };
}
