import type { MarketEvent } from '../../engine/model/events.js';
import type { PartBatch } from '../../data/merge-parts.js';
import { dataDueAt, msUntilDue, type PaceAnchor, type Speed } from '../../services/pacing.js';

/** The speeds '+' and '-' step through. */
export const SPEEDS: readonly Speed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 1000, 'max'];

export function nextSpeed(s: Speed, dir: 1 | -1): Speed {
  const i = SPEEDS.indexOf(s);
  if (i >= 0) return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + dir))];
  // A speed off the ladder (e.g. 3x) moves to its neighbour on it.
  const n = s as number;
  const up = SPEEDS.find((x) => x === 'max' || x > n)!;
  const down = [...SPEEDS].reverse().find((x) => x !== 'max' && x < n) ?? SPEEDS[0];
  return dir > 0 ? up : down;
}

export interface DriverClock {
  /** Wall time, ms. */
  now(): number;
  /** Resolves after ms (or sooner when woken). */
  sleep(ms: number): Promise<void>;
  /** Lets pending I/O and timers run (input, repaints). */
  yieldNow(): Promise<void>;
}

export const realClock: DriverClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  yieldNow: () => new Promise((r) => setImmediate(r)),
};

/** How long the engine may run before it lets input and drawing have the thread (ms). */
const SLICE_MS = 12;
/** Longest wait between checks while paced or paused, so controls act at once. */
const NAP_MS = 20;

/**
 * Pushes a recording's events into the engine at a chosen speed, with pause, single steps and
 * speed changes. At 'max' it runs flat out in slices of a few milliseconds and yields between
 * them, so keys and repaints are served without slowing the replay much; paced, data time runs
 * `speed` times as fast as the wall clock.
 */
export class ReplayDriver {
  paused: boolean;
  speed: Speed;
  ended = false;
  error: unknown;
  private buf: MarketEvent[] = [];
  /** The instrument the events in `buf` are of (a recording of several instruments comes merged, one part's run at a time). */
  private market = 0;
  private at = 0;
  private steps = 0;
  private stopped = false;
  private wake: (() => void) | undefined;
  private anchor: PaceAnchor | undefined;
  private readonly rate = { windowStart: 0, count: 0, perSecond: 0 };
  lastEventWall: number | undefined;

  constructor(
    /** Batches of one instrument, or of several merged (each batch one instrument's run of events). */
    private readonly source: AsyncIterable<MarketEvent[] | PartBatch>,
    private readonly sink: (batch: MarketEvent[], market: number) => void,
    opts: { speed: Speed; paused?: boolean },
    private readonly clock: DriverClock = realClock,
  ) {
    this.speed = opts.speed;
    this.paused = opts.paused ?? false;
  }

  get eventsPerSecond(): number {
    return this.rate.perSecond;
  }

  pause(): void {
    this.paused = true;
    this.poke();
  }

  resume(): void {
    this.paused = false;
    this.anchor = undefined;
    this.poke();
  }

  toggle(): void {
    if (this.paused) this.resume();
    else this.pause();
  }

  /** One market event, then paused. */
  step(): void {
    this.paused = true;
    this.steps++;
    this.poke();
  }

  setSpeed(s: Speed): void {
    this.speed = s;
    this.anchor = undefined;
    this.poke();
  }

  faster(): void {
    this.setSpeed(nextSpeed(this.speed, 1));
  }

  slower(): void {
    this.setSpeed(nextSpeed(this.speed, -1));
  }

  stop(): void {
    this.stopped = true;
    this.poke();
  }

  /** Runs until the data ends or stop(); rejects with the engine's or reader's error. */
  async run(): Promise<void> {
    const it = this.source[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (this.stopped) return;
        if (this.at >= this.buf.length) {
          const r = await it.next();
          if (r.done) break;
          const v = r.value;
          if (Array.isArray(v)) {
            this.buf = v;
            this.market = 0;
          } else {
            this.buf = v.events;
            this.market = v.market;
          }
          this.at = 0;
          continue;
        }
        if (this.paused && this.steps === 0) {
          await this.nap(1000);
          continue;
        }
        if (this.steps > 0) {
          this.steps--;
          this.deliver(this.at, this.at + 1);
          continue;
        }
        if (this.speed === 'max') await this.runFlatOut();
        else await this.runPaced(this.speed);
      }
      this.ended = true;
    } catch (err) {
      this.error = err;
      throw err;
    } finally {
      await it.return?.();
    }
  }

  /** Flat out for one slice of wall time, then yield. */
  private async runFlatOut(): Promise<void> {
    const until = this.clock.now() + SLICE_MS;
    while (this.at < this.buf.length && !this.paused && !this.stopped && this.speed === 'max') {
      this.deliver(this.at, Math.min(this.buf.length, this.at + 2048));
      if (this.clock.now() >= until) break;
    }
    await this.clock.yieldNow();
  }

  /** Everything due by now at this speed, then a short nap until the next event is due. */
  private async runPaced(speed: number): Promise<void> {
    const first = this.buf[this.at];
    const now = this.clock.now();
    if (!this.anchor) this.anchor = { data: first.tsExch, wall: now };
    const dueData = dataDueAt(this.anchor, now, speed);
    let end = this.at;
    while (end < this.buf.length && this.buf[end].tsExch <= dueData && end - this.at < 50_000) end++;
    if (end > this.at) {
      this.deliver(this.at, end);
      await this.clock.yieldNow();
      return;
    }
    const waitMs = msUntilDue(this.anchor, first.tsExch, now, speed);
    await this.nap(Math.min(NAP_MS, Math.max(1, waitMs)));
  }

  private deliver(from: number, to: number): void {
    const chunk = from === 0 && to === this.buf.length ? this.buf : this.buf.slice(from, to);
    this.at = to;
    this.sink(chunk, this.market);
    const now = this.clock.now();
    this.lastEventWall = now;
    const r = this.rate;
    r.count += chunk.length;
    if (now - r.windowStart >= 500) {
      r.perSecond = r.windowStart === 0 ? 0 : Math.round((r.count * 1000) / (now - r.windowStart));
      r.windowStart = now;
      r.count = 0;
    }
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      void this.clock.sleep(ms).then(() => {
        if (this.wake === resolve) this.wake = undefined;
        resolve();
      });
    });
  }
}
