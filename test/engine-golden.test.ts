import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openMarketData } from '../src/data/open.js';
import { runConfigFromFlags } from '../src/commands/model-options.js';
import { SuiteRunner } from '../src/services/backtest-suite.js';
import { GOLDEN_CASES, type GoldenCase } from './golden/engine-cases.js';
import { diffRows, parseFillsJsonl, parseOrdersCsv } from './golden/run-logs-diff.js';
import { repoRoot } from './support/run-cli.js';

/**
 * The guard for engine changes: every single-instrument case the tests and benchmarks run must
 * give the orders.csv and fills.jsonl recorded in test/golden/engine/, field for field (a later
 * `instrument` column aside). A deliberate change is re-recorded with
 *   VTRADE_UPDATE_GOLDEN=1 npx vitest run test/engine-golden.test.ts
 * and listed with its reason in test/golden/engine/README.md.
 */

const GOLDEN_DIR = join(repoRoot, 'test/golden/engine');
const UPDATE = process.env.VTRADE_UPDATE_GOLDEN === '1';

async function runCase(c: GoldenCase): Promise<{ orders: string; fills: string }> {
  const runner = new SuiteRunner({
    open: (paths) => openMarketData(paths),
    config: runConfigFromFlags(c.flags),
    seed: 1,
    assertions: [],
    runs: 1,
    manifests: false,
    log: () => {},
  });
  const r = await runner.run({ index: 0, strategy: c.strategy, data: [c.data], window: c.window, name: c.name });
  if (r.error) throw new Error(`${c.name}: ${r.error.message}`);
  return { orders: r.orders!, fills: r.fills! };
}

const goldenPath = (c: GoldenCase, file: string) => join(GOLDEN_DIR, `${c.sameAs ?? c.name}.${file}.br`);

function readGolden(c: GoldenCase, file: string): string {
  const path = goldenPath(c, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: record it with VTRADE_UPDATE_GOLDEN=1 and say why in test/golden/engine/README.md`);
  return brotliDecompressSync(readFileSync(path)).toString('utf8');
}

/** Brotli at its best setting: the logs are ~40 % smaller than with gzip -9, and as deterministic. */
function compress(text: string): Buffer {
  return brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } });
}

describe('engine golden logs: the same orders and fills, field for field', () => {
  for (const c of GOLDEN_CASES) {
    it(c.name, async () => {
      const run = await runCase(c);
      if (UPDATE && !c.sameAs) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(goldenPath(c, 'orders.csv'), compress(run.orders));
        writeFileSync(goldenPath(c, 'fills.jsonl'), compress(run.fills));
      }
      const orders = parseOrdersCsv(run.orders);
      const fills = parseFillsJsonl(run.fills);
      // A case that trades nothing would guard nothing.
      expect(orders.length, `${c.name}: orders`).toBeGreaterThan(0);
      expect(fills.length, `${c.name}: fills`).toBeGreaterThan(0);
      const differences = [
        ...diffRows('orders.csv', orders, parseOrdersCsv(readGolden(c, 'orders.csv'))),
        ...diffRows('fills.jsonl', fills, parseFillsJsonl(readGolden(c, 'fills.jsonl'))),
      ];
      expect(differences.join('\n'), `${c.name} differs from its golden logs`).toBe('');
    });
  }
});

describe('the golden comparison', () => {
  const golden = 'id,client_id,side,qty,status\n1,o1,buy,100,filled\n2,o2,sell,100,cancelled\n';

  it('ignores an added instrument column in either file', () => {
    const withInstrument = 'id,instrument,client_id,side,qty,status\n1,AMZN@NASDAQ,o1,buy,100,filled\n2,AMZN@NASDAQ,o2,sell,100,cancelled\n';
    expect(diffRows('orders.csv', parseOrdersCsv(withInstrument), parseOrdersCsv(golden))).toEqual([]);
    const fill = { seq: 1, price: '223.81', qty: '100' };
    expect(diffRows('fills.jsonl', [{ ...fill, instrument: 'AMZN@NASDAQ' }], [fill])).toEqual([]);
  });

  it('names each differing field with both values, and rows only one side has', () => {
    const changed = 'id,client_id,side,qty,status\n1,o1,buy,100,cancelled\n2,o2,sell,90,cancelled\n3,o3,buy,1,open\n';
    expect(diffRows('orders.csv', parseOrdersCsv(changed), parseOrdersCsv(golden))).toEqual([
      'orders.csv: 3 rows, golden has 2',
      'orders.csv row 1: status "cancelled" (golden "filled")',
      'orders.csv row 2: qty "90" (golden "100")',
      'orders.csv row 3 only in this run: {"id":"3","client_id":"o3","side":"buy","qty":"1","status":"open"}',
    ]);
    const lines = diffRows('fills.jsonl', [{ seq: 1, fee: '0.02', levels: [['1', '2']] }], [{ seq: 1, fee: '0.01', queue_ahead_at_entry: '5' }]);
    expect(lines).toEqual(['fills.jsonl row 1: fee "0.02" (golden "0.01"); queue_ahead_at_entry (absent) (golden "5"); levels [["1","2"]] (golden (absent))']);
  });
});
