import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunReport } from './run-report.js';
import type { RunConfig } from './run-config.js';
import type { RunLogs } from './run-logs.js';
import type { RunResult } from '../engine/kernel/kernel.js';

export { fillsLog, ordersCsv } from './run-logs.js';

export const ENGINE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface Manifest {
  manifestVersion: 1;
  engine_version: string;
  data: { path: string; sha256: string; bytes: number }[];
  /** A run over several instruments: how many of `data`'s files each part (instrument) takes, in order. */
  parts?: number[];
  strategy: { path: string; sha256: string } | null;
  seed: number;
  config: RunConfig;
  fills_sha256: string;
  /** The run's fingerprint (see runFingerprint); absent in manifests written before it existed. */
  fingerprint?: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function buildManifest(args: {
  dataPaths: string[];
  parts?: string[][];
  strategyPath: string | null;
  seed: number;
  config: RunConfig;
  logs: RunLogs;
}): Promise<Manifest> {
  const data = [];
  for (const p of args.dataPaths) data.push({ path: p, sha256: await sha256File(p), bytes: statSync(p).size });
  return {
    manifestVersion: 1,
    engine_version: ENGINE_VERSION,
    data,
    ...(args.parts && args.parts.length > 1 ? { parts: args.parts.map((p) => p.length) } : {}),
    strategy: args.strategyPath ? { path: args.strategyPath, sha256: await sha256File(args.strategyPath) } : null,
    seed: args.seed,
    config: args.config,
    fills_sha256: args.logs.fillsSha256,
    fingerprint: args.logs.fingerprint,
  };
}

/**
 * Writes report.json, fills.jsonl, orders.csv and manifest.json into `dir` all at once: they go
 * to a fresh sibling folder first, which replaces `dir` only when every file is complete.
 */
/** The equity samples of a run, one row each: the curve a report draws. */
export function equityCsv(result: RunResult): string {
  return 'ts_ns,equity\n' + result.nav.map((p) => `${p.ts},${p.equity}\n`).join('');
}

export function writeRunOutputs(dir: string, files: { report: RunReport; fills: string; orders: string; manifest: Manifest; equity?: string }): void {
  const target = resolve(dir);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  mkdirSync(temp, { recursive: true });
  try {
    writeFileSync(join(temp, 'report.json'), JSON.stringify(files.report, null, 2) + '\n');
    writeFileSync(join(temp, 'fills.jsonl'), files.fills);
    writeFileSync(join(temp, 'orders.csv'), files.orders);
    writeFileSync(join(temp, 'manifest.json'), JSON.stringify(files.manifest, null, 2) + '\n');
    if (files.equity !== undefined) writeFileSync(join(temp, 'equity.csv'), files.equity);
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
