import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli.js';
import { dataDir } from './support/data-dir.js';

const env = (db: string) => ({ VTRADE_FROM_SOURCE: '1', VTRADE_DB: db, ANTHROPIC_API_KEY: '', VTRADE_DATA_DIR: dataDir() });

describe('vtrade copilot, staged, approve', () => {
  it('stages from the command line offline, lists it, and refuses to approve without a terminal', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-cli-copilot-')), 'v.db');
    expect(runCli(['account', 'create', 'alice', '--cash', '50000'], { env: env(db) }).code).toBe(0);
    const ask = runCli(['copilot', 'buy 10 AAPL at 185', '--account', 'alice'], { env: env(db) });
    expect(ask.code).toBe(0);
    expect(ask.stdout.split('\n')[0]).toMatch(/^\[offline/);
    expect(ask.stdout).toContain('Staged order #1: buy 10 AAPL limit 185');
    expect(ask.stderr).toContain('vtrade approve 1');
    const staged = runCli(['staged', '-o', 'json'], { env: env(db) });
    expect(staged.code).toBe(0);
    const rows = JSON.parse(staged.stdout);
    expect(rows.map((o: Record<string, unknown>) => [o.id, o.account, o.side, o.qty, o.symbol, o.order_type, o.limit_price, o.status])).toEqual([[1, 'alice', 'buy', '10', 'AAPL', 'limit', '185', 'staged']]);
    expect(runCli(['staged'], { env: env(db) }).stdout).toMatch(/^id\s+account/);
    const approve = runCli(['approve', '1'], { env: env(db) });
    expect(approve.code).toBe(2);
    expect(approve.stderr).toContain('needs a terminal');
    const after = JSON.parse(runCli(['staged', '--json'], { env: env(db) }).stdout);
    expect(after[0].status).toBe('staged');
    expect(JSON.parse(runCli(['fills', 'alice', '--json'], { env: env(db) }).stdout)).toEqual([]);
  });

  it('prints chat events as JSON lines and rejects a bad token budget', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-cli-copilot-')), 'v.db');
    runCli(['account', 'create', 'alice'], { env: env(db) });
    const r = runCli(['copilot', 'price of AAPL', '--account', 'alice', '--json'], { env: env(db) });
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'provider', name: 'offline' });
    expect(events.map((e) => e.type)).toContain('tool_call');
    expect(events.at(-1).type).toBe('done');
    expect(runCli(['copilot', 'hi', '--max-tokens', 'lots'], { env: env(db) }).code).toBe(2);
    expect(runCli(['copilot', 'hi', '--account', 'nobody'], { env: env(db) }).code).toBe(2);
  });
});
