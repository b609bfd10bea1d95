import type { MarketData } from '../data/market-data.js';
import type { MarketEvent } from '../engine/model/events.js';

/** A slice of a recording's time: events with time in [from, to). */
export interface TimeWindow {
  /** 1-based position among `of` windows. */
  index: number;
  of: number;
  from: bigint;
  to: bigint;
}

/**
 * The clock a run keeps: each event's exchange time, but never earlier than the one before it
 * (the kernel does the same, so data accepted with --allow-unordered still splits into
 * consecutive windows). Returns a stateful function to call on each event in order.
 */
export function eventTimes(): (e: MarketEvent) => bigint {
  let last: bigint | undefined;
  return (e) => {
    if (last === undefined || e.tsExch > last) last = e.tsExch;
    return last;
  };
}

export interface TimeSpan {
  first: bigint;
  last: bigint;
  events: number;
}

/** One pass over the data for its first and last time and its event count; undefined when it has no events. */
export async function scanTimeSpan(data: MarketData): Promise<TimeSpan | undefined> {
  const clock = eventTimes();
  let first: bigint | undefined;
  let last = 0n;
  let events = 0;
  for await (const batch of data.events()) {
    if (batch.length === 0) continue;
    if (first === undefined) first = clock(batch[0]);
    for (let i = 0; i < batch.length; i++) last = clock(batch[i]);
    events += batch.length;
  }
  return first === undefined ? undefined : { first, last, events };
}

/**
 * Splits [first, last] into n walk-forward windows of equal length: with span = last - first + 1 ns,
 * window i (0-based) holds the events with time in [first + floor(i*span/n), first + floor((i+1)*span/n)).
 * The last window ends just past the last event, so every event falls in exactly one window.
 */
export function splitWindows(span: { first: bigint; last: bigint }, n: number): TimeWindow[] {
  const length = span.last - span.first + 1n;
  const N = BigInt(n);
  const edge = (i: number) => span.first + (length * BigInt(i)) / N;
  return Array.from({ length: n }, (_, i) => ({ index: i + 1, of: n, from: edge(i), to: edge(i + 1) }));
}
