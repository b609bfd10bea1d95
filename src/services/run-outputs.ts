import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunResult } from '../engine/kernel/kernel.js';
import { lotsToQty, ticksToPrice, type Instrument } from '../engine/model/instrument.js';
import { fillLogLine, type RunReport } from './run-report.js';
import type { RunConfig } from './run-config.js';

export const ENGINE_VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

export interface Manifest {
  manifestVersion: 1;
  engine_version: string;
  data: { path: string; sha256: string; bytes: number }[];
  strategy: { path: string; sha256: string } | null;
  seed: number;
  config: RunConfig;
  fills_sha256: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function fillsLog(result: RunResult, inst: Instrument): string {
  return result.fills.map((f) => fillLogLine(f, inst) + '\n').join('');
}

export function ordersCsv(result: RunResult, inst: Instrument): string {
  const rows = ['id,client_id,side,type,tif,qty,limit,stop,status,filled'];
  for (const o of result.orders) {
    const r = o.req;
    rows.push(
      [o.id, r.clientId, r.side, r.type, r.tif, lotsToQty(inst, r.qty), r.limit !== undefined ? ticksToPrice(inst, r.limit) : '', r.stop !== undefined ? ticksToPrice(inst, r.stop) : '', o.status, lotsToQty(inst, o.filled)].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

export async function buildManifest(args: {
  dataPaths: string[];
  strategyPath: string | null;
  seed: number;
  config: RunConfig;
  fills: string;
}): Promise<Manifest> {
  const data = [];
  for (const p of args.dataPaths) data.push({ path: p, sha256: await sha256File(p), bytes: statSync(p).size });
  return {
    manifestVersion: 1,
    engine_version: ENGINE_VERSION,
    data,
    strategy: args.strategyPath ? { path: args.strategyPath, sha256: await sha256File(args.strategyPath) } : null,
    seed: args.seed,
    config: args.config,
    fills_sha256: createHash('sha256').update(args.fills).digest('hex'),
  };
}

/**
 * Writes report.json, fills.jsonl, orders.csv and manifest.json into `dir` all at once: they go
 * to a fresh sibling folder first, which replaces `dir` only when every file is complete.
 */
export function writeRunOutputs(dir: string, files: { report: RunReport; fills: string; orders: string; manifest: Manifest }): void {
  const target = resolve(dir);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  mkdirSync(temp, { recursive: true });
  try {
    writeFileSync(join(temp, 'report.json'), JSON.stringify(files.report, null, 2) + '\n');
    writeFileSync(join(temp, 'fills.jsonl'), files.fills);
    writeFileSync(join(temp, 'orders.csv'), files.orders);
    writeFileSync(join(temp, 'manifest.json'), JSON.stringify(files.manifest, null, 2) + '\n');
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
