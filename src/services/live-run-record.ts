import type { RunRow } from '../store/runs.js';

/** A recording a live run played on the in-process bus (paper-run's RecordingRef). */
interface RecordingRef {
  data: string;
  files: { path: string; sha256: string }[];
  speed: string;
}

/** The fields of a run's data source (paper-run's RunDataRef) that say where a live run read. */
interface LiveDataRef {
  path: string;
  partition?: number;
  offset?: string;
  part?: number;
  start?: { symbol: string };
  instrument?: string;
  recording?: RecordingRef;
}

/** A place in a Kafka topic: partition and offset (a decimal string, as Kafka gives it). */
export interface TopicPlace {
  partition: number;
  offset: string;
}

/** What a live run recorded about its feed: the source, what it traded and where each instrument started. */
export interface RecordedFeed {
  /** kafka://brokers/topic, or bus:<data> for a recording played on the in-process bus. */
  source: string;
  /**
   * What the run traded, in part order, in words the feed's records are matched by: the
   * instrument id (symbol.venue) where the run recorded it, else the name the account keeps it under.
   */
  instruments: string[];
  /** Each instrument's first record in the topic, in part order (absent on the in-process bus). */
  starts: (TopicPlace | undefined)[];
  /**
   * The run's first record, when its instruments' records sit on one partition: the earliest of
   * their firsts. Reading the topic again from there meets the records in the run's order.
   */
  position?: TopicPlace;
  /** Where reading the topic again starts on each partition the run read: the earliest first record of its instruments there. */
  positions: TopicPlace[];
  /** Whether the run named each instrument and its first record (a run of this version; older ones named the first only). */
  named: boolean;
  /** The recording it played on the in-process bus, where recorded. */
  recording?: RecordingRef;
}

const refsOf = (run: RunRow): LiveDataRef[] => JSON.parse(run.data_json) as LiveDataRef[];

export function recordedFeed(run: RunRow): RecordedFeed {
  const refs = refsOf(run);
  const count = runInstrumentCount(run);
  const firsts = Array.from({ length: count }, (_, i) => refs.find((d) => (d.part ?? 0) === i) ?? refs[0]);
  const path = refs[0].path;
  const hash = path.lastIndexOf('#');
  const starts = firsts.map((d) => (d.partition !== undefined && d.offset !== undefined ? { partition: d.partition, offset: d.offset } : undefined));
  const instruments = firsts.map((d, i) => d.instrument ?? (i === 0 ? run.symbol : (d.start?.symbol ?? d.path.slice(d.path.lastIndexOf('#') + 1))));
  const placed = starts.filter((s): s is TopicPlace => s !== undefined);
  const earliest = new Map<number, TopicPlace>();
  for (const s of placed) {
    const seen = earliest.get(s.partition);
    if (!seen || BigInt(s.offset) < BigInt(seen.offset)) earliest.set(s.partition, s);
  }
  const positions = [...earliest.values()];
  const named = refs.some((d) => d.instrument !== undefined);
  return { source: hash < 0 ? path : path.slice(0, hash), instruments, starts, position: positions.length === 1 ? positions[0] : undefined, positions, named, recording: refs[0].recording };
}

/** The instruments a run traded, in part order: one for a run over a single instrument. */
function runInstrumentCount(run: RunRow): number {
  return 1 + Math.max(0, ...refsOf(run).map((d) => d.part ?? 0));
}

export const isLiveRun = (run: RunRow): boolean => /^(kafka:\/\/|bus:)/.test(refsOf(run)[0]?.path ?? '');

/**
 * Why an interrupted live run cannot be read again, or undefined when it can. A resume must meet
 * the records in the order the run met them. On one partition that is the partition's order; a
 * run over instruments on several partitions keeps the order it met them in (run_feed_order),
 * but runs made before vtrade kept it did not, and another order would make other fills. A
 * recording played on the in-process bus is played again from its files, which the run records.
 */
export function liveResumeRefusal(run: RunRow): string | undefined {
  const feed = recordedFeed(run);
  if (feed.source.startsWith('bus:') && !feed.recording) return `run ${run.id} played a recording on the in-process bus, and an earlier vtrade did not record its files, so it cannot be resumed`;
  if (!feed.named && feed.positions.length > 1) {
    const where = feed.starts.map((s, i) => `${feed.instruments[i]} on partition ${s?.partition ?? '?'}`).join(', ');
    return `run ${run.id} traded instruments on several partitions of its topic (${where}): an earlier vtrade started it without keeping the order their records arrived in, so it cannot be resumed`;
  }
  return undefined;
}

/** How to finish an account's interrupted run: live runs and replays resume differently. */
export function resumeHint(run: RunRow, account: string): string {
  if (!isLiveRun(run)) return `finish it: vtrade replay --account ${account} --resume (or close it: --abandon)`;
  const refused = liveResumeRefusal(run);
  if (refused) return `${refused}; close it with: vtrade live --account ${account} --abandon`;
  return `finish it first: vtrade live --account ${account} --resume (or close it: --abandon)`;
}
