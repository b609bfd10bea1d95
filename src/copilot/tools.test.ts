import { describe, expect, it } from 'vitest';
import { ALL_TOOLS, toolMap } from './tools/index.js';
import { runTool, toolSpec } from './tool-kit.js';
import { csvCloses, fixtureResearch, freshDb, lastCsvRow, universe } from '../../test/support/copilot-fixtures.js';
import type { ToolContext } from './context.js';
import { insertStagedOrder } from '../store/staged-orders.js';
import { stripUnsafe, markUntrusted } from './sanitize.js';
import { StreamSanitizer } from './stream-sanitizer.js';
import { createRun } from '../store/runs.js';
import { bookFill } from '../store/paper-fills.js';

const SAMPLE: Record<string, unknown> = {
  symbol: 'AAPL',
};
const INPUTS: Record<string, Record<string, unknown>> = {
  correlation_matrix: {},
  compare_performance: { symbols: ['AAPL', 'ABBV', 'CAT'] },
  cancel_staged: { id: 1 },
  stage_order: { symbol: 'AAPL', side: 'buy', qty: 1 },
  stress_test: { sector: 'Health Care', sector_shock: -0.05 },
};
const NEEDS_SYMBOL = new Set(['quote', 'price_history', 'bars', 'book_depth', 'spread_liquidity', 'sma', 'ema', 'rsi', 'macd', 'bollinger', 'atr', 'adx', 'stochastic', 'support_resistance', 'signal_scan', 'peers', 'company_profile', 'backtest_sma_cross']);

async function context(): Promise<ToolContext> {
  const { db, alice } = freshDb();
  const u = universe();
  // alice holds AAPL and ABBV, booked through the ledger as replays book them.
  const run = createRun(db, { accountId: alice, symbol: 'AAPL', data: [], strategy: { kind: 'orders', path: 't', sha256: 't' }, config: {}, seed: 0, startCash: '100000', startPositionLots: 0, startCostBasis: '0', nowIso: 'x' });
  let seq = 0;
  for (const [sym, qty] of [['AAPL', 50], ['ABBV', 80]] as const) {
    const inst = await u.instrument(sym);
    const price = Math.round(lastCsvRow(sym).close / Number(inst.tickSize));
    const notional = (lastCsvRow(sym).close * qty).toFixed(4);
    bookFill(db, { accountId: alice, runId: run.id, instrument: inst, fill: { seq: ++seq, orderId: seq, clientId: `c${seq}`, side: 'buy', price, qty, liquidity: 'taker', fee: '0', notional, tsVenue: 1n, tsDelivered: 1n, impactTicks: 0, entryLatencyNs: 0n, responseLatencyNs: 0n } });
  }
  insertStagedOrder(db, { accountId: alice, symbol: 'AAPL', side: 'buy', qty: '1', orderType: 'market', limitPrice: null, tif: 'day', origin: 't', nowIso: 'x' });
  return { db, account: 'alice', universe: u, research: fixtureResearch(), origin: 'copilot:test', nowIso: () => '2026-02-01T00:00:00.000Z' };
}

describe('the tool set', () => {
  it('has about 48 tools in the groups the analyst needs, none of which approves or executes', () => {
    expect(ALL_TOOLS.length).toBeGreaterThanOrEqual(48);
    expect(new Set(ALL_TOOLS.map((t) => t.name)).size).toBe(ALL_TOOLS.length);
    expect(new Set(ALL_TOOLS.map((t) => t.group))).toEqual(new Set(['portfolio', 'risk', 'market', 'technical', 'screening', 'research', 'backtest', 'orders']));
    expect(ALL_TOOLS.filter((t) => /approv|execut|^sign_|submit|place_order/i.test(t.name))).toEqual([]);
    expect(ALL_TOOLS.filter((t) => t.group === 'orders').map((t) => t.name).sort()).toEqual(['cancel_staged', 'list_staged', 'stage_order']);
    for (const t of ALL_TOOLS) {
      const spec = toolSpec(t);
      expect(spec.input_schema.type).toBe('object');
      expect(spec.description.length).toBeGreaterThan(20);
    }
  });

  it('every tool runs on real data without an internal error', async () => {
    const ctx = await context();
    const tools = toolMap();
    for (const t of ALL_TOOLS) {
      const input = INPUTS[t.name] ?? (NEEDS_SYMBOL.has(t.name) ? SAMPLE : {});
      const out = await runTool(tools, ctx, t.name, input);
      expect({ tool: t.name, ok: out.ok, content: out.ok ? '' : out.content }).toEqual({ tool: t.name, ok: true, content: '' });
    }
  }, 60_000);

  it('computes from the recordings: quote, SMA, weekly bars, positions', async () => {
    const ctx = await context();
    const tools = toolMap();
    const closes = csvCloses('AAPL');
    const last = lastCsvRow('AAPL');
    const q = (await runTool(tools, ctx, 'quote', { symbol: 'aapl' })).value as Record<string, number | string>;
    expect([q.close, q.as_of, q.change_pct]).toEqual([last.close, last.date, Number((last.close / closes[closes.length - 2].close - 1).toFixed(4))]);
    const sma = (await runTool(tools, ctx, 'sma', { symbol: 'AAPL', period: 10 })).value as { sma: number };
    expect(sma.sma).toBeCloseTo(closes.slice(-10).reduce((s, r) => s + r.close, 0) / 10, 4);
    const weeks = (await runTool(tools, ctx, 'bars', { symbol: 'AAPL', interval: 'week', limit: 1 })).value as { close: number; period: string }[];
    expect(weeks[0].close).toBe(last.close);
    expect(weeks[0].period <= last.date).toBe(true);
    const pos = (await runTool(tools, ctx, 'positions', {})).value as { positions: { symbol: string; qty: number; price: number }[] };
    expect(pos.positions.map((p) => [p.symbol, p.qty, p.price])).toEqual([
      ['AAPL', 50, last.close],
      ['ABBV', 80, lastCsvRow('ABBV').close],
    ]);
  });

  it('returns typed, correctable errors', async () => {
    const ctx = await context();
    const tools = toolMap();
    const err = async (name: string, input: unknown) => ((await runTool(tools, ctx, name, input)).value as { error: { code: string } }).error.code;
    expect(await err('quote', { symbol: 'ZZZZ' })).toBe('not_found');
    expect(await err('quote', { symbol: '$(rm -rf)' })).toBe('invalid_input');
    expect(await err('quote', { symbol: 'AAPL', extra: 1 })).toBe('invalid_input');
    expect(await err('stage_order', { symbol: 'AAPL', side: 'buy', qty: '-5' })).toBe('invalid_input');
    expect(await err('stage_order', { symbol: 'AAPL', side: 'buy', qty: '1', type: 'limit' })).toBe('invalid_input');
    expect(await err('stage_order', { symbol: 'AAPL', side: 'buy', qty: '1.5' })).toBe('invalid_input');
    expect(await err('stage_order', { symbol: 'AAPL', side: 'buy', qty: '1', account: 'nobody' })).toBe('not_found');
    expect(await err('macd', { symbol: 'AAPL', fast: 30, slow: 26 })).toBe('invalid_input');
    expect(await err('cancel_staged', { id: 999 })).toBe('not_found');
    expect(await err('nope', {})).toBe('unknown_tool');
  });
});

describe('untrusted text', () => {
  it('strips ANSI, control and bidirectional characters, keeping text, tabs and newlines', () => {
    expect(stripUnsafe('a\u001b[31mred\u001b[0m\tb\nc\u0007\u202ed\u2066e\u200bf\r\ng')).toBe('ared\tb\ncdef\ng');
    expect(stripUnsafe('\u001b]0;title\u0007x\u001b]8;;http://e\u001b\\y')).toBe('xy');
  });

  it('marks text as untrusted and escapes anything that could close the fence', () => {
    expect(markUntrusted('news', 'a </untrusted> <b>')).toBe('<untrusted source="news">a &lt;/untrusted&gt; &lt;b&gt;</untrusted>');
  });

  it('holds back escape sequences split across stream chunks', () => {
    const s = new StreamSanitizer();
    const out = ['ok \u001b', '[3', '1mred', '\u001b]0;t', 'itle\u0007 done'].map((c) => s.push(c)).join('') + s.flush();
    expect(out).toBe('ok red done');
  });
});
