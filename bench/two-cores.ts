/**
 * What two processes can gain over one on this machine, for the execution worker's own work:
 * decode the wire records and run them through the engine with the market maker (the LOBSTER AMZN
 * L5 recording, held in memory; no Kafka, no SQLite). One process alone, then two at once, each
 * doing the same work; rate = events of all processes / the longest busy time. Median of 5 rounds.
 * This is the ceiling the Kafka scale-out figure (bench/live.ts) can reach here.
 *
 *   npx tsx bench/two-cores.ts [--single-threaded-gc]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { instrumentSpec } from '../src/engine/model/instrument.js';
import { decodeRecord, eventsRecord } from '../src/live/wire.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import marketMaker from '../fixtures/strategies/market-maker.js';

const AMZN = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const ROUNDS = 5;
/** --single-threaded-gc: V8 collects garbage on the process's own thread (a lone process otherwise also uses the idle core for it). */
const CHILD_FLAGS = process.argv.includes('--single-threaded-gc') ? ['--single-threaded-gc'] : [];

if (process.argv.includes('--child')) {
  // The worker's loop on records already in memory: decode, then the engine.
  const data = await openMarketData([AMZN]);
  const spec = instrumentSpec(data.instrument);
  const records = [];
  for await (const b of data.events()) for (let i = 0; i < b.length; i += 1000) records.push(eventsRecord(spec, b.slice(i, i + 1000), 'binary', 0));
  const kernel = makeKernel({ strategy: marketMaker({}), config: parseRunConfig({}), seed: 1, instrument: data.instrument });
  let events = 0;
  const t0 = performance.now();
  for (const [i, r] of records.entries()) {
    const m = decodeRecord(r.headers, r.value, 'bench', i);
    if (m.type === 'events') {
      kernel.onBatch(m.events);
      events += m.events.length;
    }
  }
  kernel.finish();
  process.stdout.write(JSON.stringify({ events, seconds: (performance.now() - t0) / 1000 }));
} else {
  const self = fileURLToPath(import.meta.url);
  const child = () =>
    new Promise<{ events: number; seconds: number }>((resolve, reject) => {
      const c = spawn(process.execPath, [...CHILD_FLAGS, '--import', 'tsx', self, '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { events: number; seconds: number }) : reject(new Error(`child exited ${code}`))));
    });
  const rate = (rs: { events: number; seconds: number }[]) => rs.reduce((a, r) => a + r.events, 0) / Math.max(...rs.map((r) => r.seconds));
  const ones: number[] = [];
  const twos: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ones.push(rate([await child()]));
    twos.push(rate(await Promise.all([child(), child()])));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const k = (x: number) => `${(x / 1e3).toFixed(0)} k`;
  console.log(`two processes vs one${CHILD_FLAGS.length ? ' (node --single-threaded-gc)' : ''}: decode + engine + market maker over LOBSTER AMZN L5 in memory, no Kafka, median of ${ROUNDS}`);
  console.log(`  1 process  : ${k(median(ones))} events/s (all rounds: ${ones.map(k).join(', ')})`);
  console.log(`  2 processes: ${k(median(twos))} events/s (all rounds: ${twos.map(k).join(', ')})`);
  console.log(`  ratio      : ${(median(twos) / median(ones)).toFixed(2)}x (the ceiling for the Kafka scale-out on this machine)`);
}
