/**
 * Parse throughput of the Binance reader on the largest recording: uncompressed MB/s and
 * events/s of a full events() pass (gunzip included), median of 3 runs; the survey that infers
 * the instrument is timed separately.  npx tsx bench/binance-parse.ts [file]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { openBinance } from '../src/data/binance/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(process.env.VTRADE_DATA_DIR ?? resolve(here, '../../shared/data'), 'binance');

function largest(): string {
  let best = '';
  let size = -1;
  for (const folder of readdirSync(root)) {
    const dir = join(root, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) {
      const s = statSync(join(dir, f)).size;
      if (s > size) [best, size] = [join(dir, f), s];
    }
  }
  return best;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const path = process.argv[2] ?? largest();
  const mb = gunzipSync(readFileSync(path)).length / 1e6;
  const surveyMs: number[] = [];
  const passMs: number[] = [];
  let events = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const md = await openBinance(path);
    const t1 = performance.now();
    events = 0;
    for await (const batch of md.events()) events += batch.length;
    const t2 = performance.now();
    surveyMs.push(t1 - t0);
    passMs.push(t2 - t1);
  }
  const pass = median(passMs) / 1000;
  const survey = median(surveyMs) / 1000;
  console.log(`${path}: ${mb.toFixed(1)} MB uncompressed, ${events} events`);
  console.log(`events() pass: ${(pass * 1000).toFixed(0)} ms, ${(mb / pass).toFixed(1)} MB/s, ${(events / pass / 1e6).toFixed(2)} M events/s (median of 3)`);
  console.log(`survey (instrument inference): ${(survey * 1000).toFixed(0)} ms, ${(mb / survey).toFixed(1)} MB/s`);
  console.log(`open + pass: ${(mb / (pass + survey)).toFixed(1)} MB/s`);
}

await main();
