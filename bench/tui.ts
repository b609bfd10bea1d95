/**
 * The terminal UI's cost. (1) Replay throughput at 'max' with the UI attached (drawing a
 * 140x40 screen at 20 fps into a terminal stream that discards) against the same replay
 * headless; the goal is within 10 %. (2) Keystroke to updated screen: from a key written to the
 * app's input to the first frame written that shows its effect, while the replay runs flat out
 * and while it is paused; the goal is under 50 ms. Medians.
 *
 *   npx tsx bench/tui.ts
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { MarketEvent } from '../src/engine/model/events.js';
import type { MarketData } from '../src/data/market-data.js';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { parseRunConfig } from '../src/services/run-config.js';
import { makeKeymap } from '../src/tui/keys.js';
import { replaySession, type ReplaySession } from '../src/tui/session/replay-session.js';
import { loadUi } from '../src/tui/run-tui.js';
import { makeTheme } from '../src/tui/theme.js';
import { FrameBudget } from '../src/tui/frame-budget.js';
import marketMaker from '../fixtures/strategies/market-maker.js';
import { median } from './median.js';

const RUNS = 5;
// As the CLI runs it: React's production build (see loadUi).
const { render, App, createElement } = await loadUi();
const PATH = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');

/** A terminal that keeps only the last frame's text. */
class Screen extends Writable {
  isTTY = true;
  columns = 140;
  rows = 40;
  frames = 0;
  onFrame: ((text: string) => void) | undefined;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.frames++;
    this.onFrame?.(chunk.toString());
    done();
  }
}

class Keyboard extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(s: string): void {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

const source = await openMarketData([PATH]);
const batches: MarketEvent[][] = [];
let events = 0;
for await (const b of source.events()) {
  batches.push(b);
  events += b.length;
}
const inMemory: MarketData = {
  ...source,
  path: source.path,
  format: source.format,
  instrument: source.instrument,
  warnings: [],
  async *events() {
    yield* batches;
  },
};
const config = parseRunConfig({ models: { latency: { name: 'constant', entryNs: 500_000, responseNs: 500_000 } } });
const session = (speed: 'max' | number, paused = false): ReplaySession => replaySession({ data: inMemory, strategy: marketMaker({}), config, seed: 1, speed, paused });

function mount(s: ReplaySession) {
  const stdout = new Screen();
  const stdin = new Keyboard();
  const budget = new FrameBudget();
  const app = render(createElement(App, { session: s, keymap: makeKeymap(), theme: makeTheme(true), fps: 20, budget }), {
    onRender: (m) => budget.noteInk(m.renderTime),
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new Screen() as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 20,
  });
  return { stdout, stdin, app };
}

async function replay(withUi: boolean): Promise<{ seconds: number; frames: number }> {
  const s = session('max');
  const ui = withUi ? mount(s) : undefined;
  const t0 = performance.now();
  await s.done;
  const seconds = (performance.now() - t0) / 1000;
  const frames = ui?.stdout.frames ?? 0;
  ui?.app.unmount();
  return { seconds, frames };
}

await replay(false); // warm-up
await replay(true);
const headless: number[] = [];
const attached: number[] = [];
let frames = 0;
for (let i = 0; i < RUNS; i++) {
  headless.push((await replay(false)).seconds);
  const r = await replay(true);
  attached.push(r.seconds);
  frames = r.frames;
}
const h = median(headless);
const a = median(attached);
console.log(`replay ${events} events (LOBSTER AMZN L5, market maker) at max: headless median ${(h * 1000).toFixed(0)} ms (${(events / h / 1e6).toFixed(2)} M ev/s), TUI attached median ${(a * 1000).toFixed(0)} ms (${(events / a / 1e6).toFixed(2)} M ev/s, ${frames} frames): ${(((a - h) / h) * 100).toFixed(1)} % slower`);
console.log(`  runs ms headless ${headless.map((x) => (x * 1000).toFixed(0)).join(', ')}; attached ${attached.map((x) => (x * 1000).toFixed(0)).join(', ')}`);
console.log(JSON.stringify({ bench: 'tui', case: 'replay throughput', events, headless_seconds: h, attached_seconds: a, overhead_fraction: (a - h) / h }));

/** Presses '?' and waits for the help to show, then '?' again and waits for it to go. */
async function latency(paused: boolean, presses: number): Promise<number[]> {
  const s = session(paused ? 1 : 'max', paused);
  const { stdout, stdin, app } = mount(s);
  await new Promise((r) => setTimeout(r, 300));
  const out: number[] = [];
  for (let i = 0; i < presses; i++) {
    const open = i % 2 === 0;
    const t0 = performance.now();
    const seen = new Promise<void>((resolve) => {
      stdout.onFrame = (text) => {
        if (text.includes('Keys · Esc closes') === open && text.includes('Book AMZN')) resolve();
      };
    });
    stdin.write('?');
    await seen;
    out.push(performance.now() - t0);
    stdout.onFrame = undefined;
    await new Promise((r) => setTimeout(r, 30 + (i % 7) * 9));
  }
  app.unmount();
  s.stop();
  await s.done.catch(() => {});
  return out;
}

for (const paused of [true, false]) {
  const ms = await latency(paused, 40);
  const med = median(ms);
  console.log(`keystroke to updated screen (${paused ? 'paused' : 'replaying at max'}): median ${med.toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms over ${ms.length} presses`);
  console.log(JSON.stringify({ bench: 'tui', case: `key latency ${paused ? 'paused' : 'replaying'}`, median_ms: med, max_ms: Math.max(...ms) }));
}
process.exit(0);
