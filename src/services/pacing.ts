import { setTimeout as sleep } from 'node:timers/promises';
import type { MarketEvent } from '../engine/model/events.js';
import { UsageError } from '../errors.js';

/**
 * Replay speed: data time per wall time. A paced replay (paper replay, a feed published from a
 * recording, the terminal UI's replay) ties one instant of data time to one of wall time, its
 * anchor, and keeps the data moving S times as fast as the wall clock from there.
 */
export type Speed = number | 'max';

export function parseSpeed(text: string): Speed {
  if (text === 'max') return 'max';
  const m = /^(\d+(?:\.\d+)?)x$/.exec(text);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--speed "${text}" is not a speed`, 'use 1x, 10x, 0.5x or max');
  return Number(m[1]);
}

export function speedLabel(s: Speed): string {
  return s === 'max' ? 'max' : `${s}x`;
}

/** One instant of data time (exchange ns) tied to one of wall time (ms). */
export interface PaceAnchor {
  data: bigint;
  wall: number;
}

/** Where the data should be at wall time `wallMs`. */
export function dataDueAt(anchor: PaceAnchor, wallMs: number, speed: number): bigint {
  return anchor.data + BigInt(Math.floor((wallMs - anchor.wall) * speed * 1e6));
}

/** Wall ms from `nowMs` until data time `ts` is due (negative: overdue). */
export function msUntilDue(anchor: PaceAnchor, ts: bigint, nowMs: number, speed: number): number {
  return Number(ts - anchor.data) / 1e6 / speed - (nowMs - anchor.wall);
}

/**
 * Paces a replay against the wall clock: at speed S, data time advances S times as fast as real
 * time. 'max' does not wait at all. Batches are cut into slices of at most 50 ms of data time so
 * the pacing stays smooth.
 */
export function pacer(speed: Speed) {
  const SLICE_NS = 50_000_000n;
  let startData: bigint | undefined;
  let startWall = 0;
  return {
    split(batch: MarketEvent[]): MarketEvent[][] {
      if (speed === 'max' || batch.length === 0) return [batch];
      const out: MarketEvent[][] = [];
      let from = 0;
      for (let i = 1; i < batch.length; i++) {
        if (batch[i].tsExch - batch[from].tsExch >= SLICE_NS) {
          out.push(batch.slice(from, i));
          from = i;
        }
      }
      out.push(batch.slice(from));
      return out;
    },
    async wait(first: MarketEvent): Promise<void> {
      if (speed === 'max') return;
      if (startData === undefined) {
        startData = first.tsExch;
        startWall = performance.now();
        return;
      }
      const ahead = msUntilDue({ data: startData, wall: startWall }, first.tsExch, performance.now(), speed);
      if (ahead > 1) await sleep(ahead);
    },
  };
}
