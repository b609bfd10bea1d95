/**
 * Cuts the recorded excerpts that vtrade ships in fixtures/ from the recordings in
 * ../shared/data, so that every --help and README example runs for someone who installed
 * vtrade. Pure functions of the recordings' text: test/fixture-excerpts.test.ts cuts them again
 * and compares with what ships, and checks that vtrade reads the same market from an excerpt as
 * from the whole recording.
 *
 *   npx tsx test/support/excerpts.ts     (from the repository root) rewrites the excerpts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = resolve(repoRoot, '../shared/data');

/** A recording, the window kept and where the excerpt goes. */
export interface Excerpt {
  /** Under ../shared/data (a LOBSTER excerpt names the zip). */
  source: string;
  /** Under fixtures/. */
  target: string;
  kind: 'binance-tail' | 'binance-head' | 'lobster-head';
  /** Binance: local receive time in ns where the tail starts or the head ends; LOBSTER: seconds after midnight where the head ends. */
  cut: bigint;
}

const SEC = 1_000_000_000n;
/** 2024-08-09 00:00:00 UTC, where the recorder rotated its Binance files. */
const MIDNIGHT = 1_723_161_600n * SEC;

export const EXCERPTS: readonly Excerpt[] = [
  { source: 'binance/spot/btcusdt_20240808.gz', target: 'binance/spot/btcusdt_20240808.gz', kind: 'binance-tail', cut: MIDNIGHT - 30n * SEC },
  { source: 'binance/spot/btcusdt_20240809.gz', target: 'binance/spot/btcusdt_20240809.gz', kind: 'binance-head', cut: MIDNIGHT + 30n * SEC },
  { source: 'binance/usdm/btcusdt_20240808.gz', target: 'binance/usdm/btcusdt_20240808.gz', kind: 'binance-tail', cut: MIDNIGHT - 30n * SEC },
  { source: 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip', target: 'lobster/AMZN_2012-06-21_34200000_36000000_message_5.csv.gz', kind: 'lobster-head', cut: 36_000n },
];

/** The files of one excerpt: path under fixtures/ and the (uncompressed) text. */
export type ExcerptFiles = { target: string; text: string }[];

export function cutExcerpt(e: Excerpt, data = sharedData): ExcerptFiles {
  if (e.kind === 'lobster-head') return cutLobsterHead(join(data, e.source), e.target, e.cut);
  const text = gunzipSync(readFileSync(join(data, e.source))).toString('utf8');
  return [{ target: e.target, text: e.kind === 'binance-tail' ? binanceTail(text, e.cut) : binanceHead(text, e.cut) }];
}

/** The lines received before `end` (local time, ns): a file that ends early is still whole. */
export function binanceHead(text: string, end: bigint): string {
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.filter((l) => localNs(l) < end).map((l) => `${l}\n`).join('');
}

/**
 * The lines received from `start` on, after one depth snapshot line that holds the book as the
 * lines before `start` leave it: Binance's own procedure run over them (the recorded REST
 * snapshot rolled forward by every diff that continues it), written in the REST snapshot's
 * shape with lastUpdateId the last update applied. The first diff kept continues it exactly
 * (spot: U = lastUpdateId + 1; futures: pu = lastUpdateId), so a reader syncs at once.
 */
export function binanceTail(text: string, start: bigint): string {
  const lines = text.split('\n').filter((l) => l !== '');
  const first = lines.findIndex((l) => localNs(l) >= start);
  if (first <= 0) throw new Error(`no lines before ${start}`);
  const book = new DepthBook();
  for (const l of lines.slice(0, first)) book.line(l);
  return `${localNs(lines[first - 1])} ${book.snapshot()}\n${lines.slice(first).map((l) => `${l}\n`).join('')}`;
}

function localNs(line: string): bigint {
  return BigInt(line.slice(0, line.indexOf(' ')));
}

type Levels = [string, string][];
interface Diff { U: number; u: number; pu?: number; E?: number; T?: number; b: Levels; a: Levels }

/** A Binance local book kept by update id, exactly as the exchange documents it. */
class DepthBook {
  private bids = new Map<string, string>();
  private asks = new Map<string, string>();
  private last: number | undefined;
  private waiting: Diff[] = [];
  private futures = false;
  private stamp: { E?: number; T?: number } = {};

  line(line: string): void {
    const msg = JSON.parse(line.slice(line.indexOf(' ') + 1)) as { stream?: string; data?: Diff & { e?: string }; lastUpdateId?: number; bids?: Levels; asks?: Levels };
    if (msg.lastUpdateId !== undefined) return this.restSnapshot(msg.lastUpdateId, msg.bids!, msg.asks!);
    if (msg.data?.e !== 'depthUpdate') return;
    const d = msg.data;
    this.futures ||= d.pu !== undefined;
    if (this.last === undefined) this.waiting.push(d);
    else this.apply(d);
  }

  private restSnapshot(id: number, bids: Levels, asks: Levels): void {
    if (this.last !== undefined) throw new Error('a second REST snapshot: cut elsewhere');
    this.bids = new Map(bids);
    this.asks = new Map(asks);
    this.last = id;
    for (const d of this.waiting) this.apply(d);
    this.waiting = [];
  }

  private apply(d: Diff): void {
    const last = this.last!;
    if (this.futures ? d.u < last : d.u <= last) return; // covered by the book already
    const continues = this.futures ? d.pu === last || (d.U <= last && last <= d.u) : d.U <= last + 1 && last + 1 <= d.u;
    if (!continues) throw new Error(`update ${d.U}-${d.u} does not continue ${last}: the recording has a gap here, cut elsewhere`);
    for (const [side, levels] of [[this.bids, d.b], [this.asks, d.a]] as const) {
      for (const [price, qty] of levels) {
        if (Number(qty) === 0) side.delete(price);
        else side.set(price, qty);
      }
    }
    this.last = d.u;
    this.stamp = { E: d.E, T: d.T };
  }

  /** The book as a REST depth snapshot line (spot: lastUpdateId, bids, asks; futures also E and T). */
  snapshot(): string {
    const sorted = (m: Map<string, string>, dir: number): Levels => [...m].sort((x, y) => dir * (Number(x[0]) - Number(y[0])));
    const head = this.futures ? { lastUpdateId: this.last, E: this.stamp.E, T: this.stamp.T } : { lastUpdateId: this.last };
    return JSON.stringify({ ...head, bids: sorted(this.bids, -1), asks: sorted(this.asks, 1) });
  }
}

/**
 * The first rows of a LOBSTER day, up to `end` seconds after midnight, from both files of its
 * zip: row i of the orderbook file is still the book after message i, so the pair stays a
 * LOBSTER day, only shorter (its name says the window: ..._34200000_36000000_...).
 */
function cutLobsterHead(zip: string, target: string, end: bigint): ExcerptFiles {
  const entries = unzipEntries(readFileSync(zip));
  const message = [...entries.keys()].find((n) => /_message_\d+\.csv$/.test(n))!;
  const orderbook = message.replace('_message_', '_orderbook_');
  const rows = entries.get(message)!.split('\n').filter((l) => l !== '');
  const keep = rows.findIndex((r) => !secondsBefore(r.slice(0, r.indexOf(',')), end));
  const n = keep < 0 ? rows.length : keep;
  const book = entries.get(orderbook)!.split('\n').filter((l) => l !== '');
  return [
    { target, text: rows.slice(0, n).map((r) => `${r}\n`).join('') },
    { target: target.replace('_message_', '_orderbook_'), text: book.slice(0, n).map((r) => `${r}\n`).join('') },
  ];
}

/** "34200.004241176" < end seconds, compared as text digits (never through a float). */
function secondsBefore(time: string, end: bigint): boolean {
  return BigInt(time.split('.')[0]) < end;
}

/** The text entries of a zip archive, by name. */
function unzipEntries(zip: Buffer): Map<string, string> {
  return new Map(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, Buffer.from(bytes).toString('latin1')]));
}

/** Writes every excerpt under fixtures/ (gzip, fixed level: the same text gives the same bytes). */
export function writeExcerpts(data = sharedData): void {
  for (const e of EXCERPTS) {
    for (const f of cutExcerpt(e, data)) {
      const path = join(repoRoot, 'fixtures', f.target);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, gzipSync(f.text, { level: 9 }));
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) writeExcerpts();
