import { Redis } from 'ioredis';
import type { InProcessBus } from './in-process-bus.js';

/** One NAV update of a live run, as subscribers receive it (all figures as exact text). */
export interface NavSnapshot {
  /** The account's name, or the run's name when it trades no account. */
  name: string;
  /** Data time of the update, ns since the epoch. */
  ts: string;
  equity: string;
  cash: string;
  /** Position in the first instrument's quantity units. */
  position: string;
  /** The first instrument's symbol. */
  symbol: string;
  /** Every instrument of the run, in the order of its parts, with its position. */
  positions: NavPosition[];
  fills: number;
  events: number;
  /** Wall clock when it was published (ISO 8601). */
  wall: string;
  final: boolean;
}

export interface NavPosition {
  /** symbol.venue */
  instrument: string;
  symbol: string;
  /** In the instrument's quantity units. */
  qty: string;
}

export interface NavSink {
  publish(s: NavSnapshot): void;
  close(): Promise<void>;
}

export const navChannel = (name: string): string => `vtrade:nav:${name}`;
export const navLatestKey = (name: string): string => `vtrade:nav:${name}:latest`;

/** The in-process fan-out: subscribers in the same process (a status line, a TUI). */
export function busNavSink(bus: InProcessBus<NavSnapshot>): NavSink {
  return {
    publish: (s) => bus.publish(navChannel(s.name), s),
    close: async () => {},
  };
}

/**
 * NAV updates on Redis: PUBLISH on vtrade:nav:<name> for live subscribers and the latest
 * snapshot in the hash vtrade:nav:<name>:latest for late joiners.
 *
 * Redis is a fan-out, not a store: the account lives in SQLite. So when Redis goes away the run
 * goes on. Updates are dropped rather than queued (a stale NAV is worth nothing), one warning
 * says so, and when Redis is back the latest snapshot goes out at once and fan-out resumes.
 */
export function redisNavSink(url: string, warn: (message: string) => void): NavSink {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Keep trying, at most once a second: the run may outlive a Redis restart.
    retryStrategy: (times) => Math.min(times * 100, 1000),
    connectTimeout: 2000,
  });
  let down = false;
  let everUp = false;
  let latest: NavSnapshot | undefined;
  const markDown = (reason: string) => {
    if (down) return;
    down = true;
    warn(`Redis at ${url} is unreachable (${reason}): NAV fan-out paused; the run goes on and the account is kept in SQLite`);
  };
  redis.on('error', (err: Error & { code?: string }) => markDown(err.code ?? err.message));
  redis.on('close', () => {
    if (everUp) markDown('connection closed');
  });
  redis.on('ready', () => {
    everUp = true;
    if (down) {
      down = false;
      warn(`Redis at ${url} is back: NAV fan-out resumed`);
    }
    if (latest) send(latest);
  });
  const send = (s: NavSnapshot) => {
    if (redis.status !== 'ready') return;
    const text = JSON.stringify(s);
    redis
      .multi()
      .hset(navLatestKey(s.name), { ...s, positions: JSON.stringify(s.positions), fills: String(s.fills), events: String(s.events), final: String(s.final) })
      .publish(navChannel(s.name), text)
      .exec()
      .catch((err: Error) => markDown(err.message));
  };
  return {
    publish(s) {
      latest = s;
      send(s);
    },
    async close() {
      // The final snapshot gets a moment to leave; then the connection closes whatever its state.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
