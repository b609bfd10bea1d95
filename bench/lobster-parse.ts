/**
 * LOBSTER parse throughput on the largest sample (GOOG, 10 levels): uncompressed MB/s of
 * message + orderbook text and events/s, median of 3 runs. Each run opens the zip (which
 * infers the instrument with a pass over the message file) and streams every event.
 *
 *   npx tsx bench/lobster-parse.ts [path.zip]
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import { openLobster } from '../src/data/lobster/index.js';
import { dataDir } from '../test/support/data-dir.js';
import { median } from './median.js';

const RUNS = 3;

async function textBytes(zipPath: string): Promise<number> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  let bytes = 0;
  for await (const entry of zip.eachEntry()) {
    if (/_(message|orderbook)_\d+\.csv$/.test(entry.fileName)) bytes += entry.uncompressedSize;
  }
  zip.close();
  return bytes;
}

async function largestSample(): Promise<string> {
  const dir = join(dataDir(), 'lobster');
  let best = '';
  let bestBytes = -1;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.zip'))) {
    const bytes = await textBytes(join(dir, name));
    if (bytes > bestBytes) {
      best = join(dir, name);
      bestBytes = bytes;
    }
  }
  return best;
}

async function main(): Promise<void> {
  const path = process.argv[2] ?? (await largestSample());
  const bytes = await textBytes(path);
  const totals: number[] = [];
  const passes: number[] = [];
  let events = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const md = await openLobster(path);
    const t1 = performance.now();
    let n = 0;
    for await (const batch of md.events()) n += batch.length;
    const t2 = performance.now();
    events = n;
    totals.push((t2 - t0) / 1000);
    passes.push((t2 - t1) / 1000);
    console.log(`run ${run + 1}: open+infer ${((t1 - t0) / 1000).toFixed(3)} s, events pass ${((t2 - t1) / 1000).toFixed(3)} s`);
  }
  const mb = bytes / 1e6;
  const total = median(totals);
  const pass = median(passes);
  console.log(`${basename(path)}: ${mb.toFixed(1)} MB of text, ${events} events`);
  console.log(`open + events, median of ${RUNS}: ${total.toFixed(3)} s = ${(mb / total).toFixed(1)} MB/s, ${(events / total / 1e6).toFixed(2)} M events/s`);
  console.log(`events pass alone, median of ${RUNS}: ${pass.toFixed(3)} s = ${(mb / pass).toFixed(1)} MB/s, ${(events / pass / 1e6).toFixed(2)} M events/s`);
}

await main();
