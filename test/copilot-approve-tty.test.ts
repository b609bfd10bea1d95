import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { dataDir } from './support/data-dir.js';
import { lastOrderbookRow } from './support/account-market.js';

/**
 * Drives `vtrade approve` on a real pseudo-terminal (python3's pty module): waits for the dialog,
 * then sends the keys of a script with pauses between them, and returns everything the
 * terminal showed. Keys: "early:y" is sent the instant the dialog appears.
 */
const DRIVER = `
import os, pty, sys, time, select, json
keys = json.loads(sys.argv[1]); argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b''
def pump(t, until=None):
    global out
    end = time.time() + t
    while time.time() < end:
        if until is not None and until in out: return
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try: out += os.read(fd, 4096)
            except OSError: return
pump(60, b'press y')
for delay, data in keys:
    pump(delay)
    os.write(fd, data.encode())
code = None
for _ in range(300):
    p, status = os.waitpid(pid, os.WNOHANG)
    if p:
        code = os.waitstatus_to_exitcode(status); break
    pump(0.05)
    time.sleep(0.05)
else:
    os.kill(pid, 9)
pump(0.2)
sys.stdout.write(json.dumps({'code': code, 'out': out.decode(errors='replace')}))
`;

function drive(db: string, id: number, keys: [number, string][]): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-tty-'));
  const script = join(dir, 'drive.py');
  writeFileSync(script, DRIVER);
  const r = spawnSync('python3', [script, JSON.stringify(keys), process.execPath, resolve(repoRoot, 'bin/vtrade'), 'approve', String(id)], {
    env: { ...process.env, VTRADE_FROM_SOURCE: '1', VTRADE_DB: db, VTRADE_DATA_DIR: dataDir(), NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 90_000,
  });
  if (r.error || r.status !== 0) throw new Error(`python3 with the pty module is needed for this test (see .ci/setup.d/copilot.packages): ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

const env = (db: string) => ({ VTRADE_FROM_SOURCE: '1', VTRADE_DB: db, ANTHROPIC_API_KEY: '', VTRADE_DATA_DIR: dataDir() });

const AMZN_2012 = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_1.zip');

describe('vtrade approve on a terminal', () => {
  it("executes a copilot market order in the account's own 2012 AMZN book, not at a daily close; ignores an early key and a pasted y; only once", () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-tty-db-')), 'v.db');
    expect(runCli(['account', 'create', 'eve', '--cash', '100000'], { env: env(db) }).code).toBe(0);
    const replay = runCli(['replay', AMZN_2012, '--account', 'eve', '--strategy', resolve(repoRoot, 'fixtures/strategies/momentum.ts'), '--json'], { env: env(db) });
    expect(replay.code, replay.stderr).toBe(0);
    const runId = JSON.parse(replay.stdout).run as number;
    const ask = runCli(['copilot', 'buy 1 AMZN at market', '--account', 'eve'], { env: env(db) });
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain(`It would execute against the AMZN book at 2012-06-21T`);
    const r = drive(db, 1, [
      [0, 'y'],
      [1.2, '\u001b[200~y\u001b[201~'],
      [0.3, 'y'],
    ]);
    expect(r.out).toContain('BUY 1 AMZN');
    expect(r.out).toContain('(ignored 2 early, pasted or other keys)');
    // Ground truth: the last row of the recording's orderbook file, read without vtrade.
    const book = lastOrderbookRow(AMZN_2012);
    const m = /order #1 executed at ([0-9.]+) against the AMZN book at (2012-06-21T[0-9:.]+Z) from (\S+) \(end of run (\d+)\) \(run (\d+)\)/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![1])).toBe(book.ask);
    expect(Number(m![1])).toBeGreaterThanOrEqual(215);
    expect(Number(m![1])).toBeLessThanOrEqual(235);
    expect(m![3]).toBe(AMZN_2012);
    expect(Number(m![4])).toBe(runId);
    expect(r.code).toBe(0);
    const fills = JSON.parse(runCli(['fills', 'eve', '--json'], { env: env(db) }).stdout) as Record<string, string>[];
    const last = fills.find((f) => f.client_id === 'staged-1')!;
    expect([last.symbol, last.side, last.qty, Number(last.price)]).toEqual(['AMZN', 'buy', '1', book.ask]);
    // The position is marked in the same market, with its time and source; the P&L is trading only.
    const shown = JSON.parse(runCli(['account', 'show', 'eve', '--json'], { env: env(db) }).stdout) as {
      positions: { symbol: string; qty: string; last_price: string; mark_time: string; mark_source: string }[];
      kpis: { pnl: string; realized: string; unrealized: string; fees: string };
    };
    const amzn = shown.positions.find((p) => p.symbol === 'AMZN')!;
    expect(Number(amzn.last_price)).toBeGreaterThanOrEqual(book.bid);
    expect(Number(amzn.last_price)).toBeLessThanOrEqual(book.ask);
    expect(amzn.mark_time).toMatch(/^2012-06-21T/);
    expect(amzn.mark_source).toBe(AMZN_2012);
    expect(Number(shown.kpis.pnl)).toBeCloseTo(Number(shown.kpis.realized) + Number(shown.kpis.unrealized) - Number(shown.kpis.fees), 6);
    // The order is spent: approving it again is refused before any dialog.
    const again = runCli(['approve', '1'], { env: env(db) });
    expect(again.code).toBe(2);
    // The approval counts in the game, once: a later question catches the account's orders up
    // again, and the approve event is keyed by the order.
    expect(r.out).toContain('badge: Co-Pilot');
    const approvals = () =>
      (JSON.parse(runCli(['missions', 'eve', '--json'], { env: env(db) }).stdout) as { active: { template: string; progress: number }[] }).active.find((x) => x.template === 'milestone-copilot-approved-5')?.progress;
    expect(approvals()).toBe(1);
    expect(runCli(['copilot', 'how is my portfolio', '--account', 'eve'], { env: env(db) }).code).toBe(0);
    expect(approvals()).toBe(1);

    // Esc cancels: the next order stays staged and nothing more is booked.
    expect(runCli(['copilot', 'buy 5 AMZN', '--account', 'eve'], { env: env(db) }).code).toBe(0);
    const esc = drive(db, 2, [[1.0, '\u001b']]);
    expect(esc.out).toContain('not approved (escape)');
    expect(esc.code).toBe(0);
    expect((JSON.parse(runCli(['staged', '--json'], { env: env(db) }).stdout) as { id: number; status: string }[]).find((o) => o.id === 2)?.status).toBe('staged');
    expect(JSON.parse(runCli(['fills', 'eve', '--json'], { env: env(db) }).stdout)).toHaveLength(fills.length);
  }, 180_000);

  it('refuses, before any dialog, an order for a symbol the account has no market in, and books nothing', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-tty-db-')), 'v.db');
    runCli(['account', 'create', 'alice', '--cash', '100000'], { env: env(db) });
    expect(runCli(['copilot', 'buy 20 ABBV', '--account', 'alice'], { env: env(db) }).code).toBe(0);
    const r = drive(db, 1, []);
    expect(r.code).toBe(2);
    expect(r.out).toContain('order #1 cannot execute: account "alice" has no ABBV market');
    expect(r.out).not.toContain('press y');
    expect(JSON.parse(runCli(['staged', '--json'], { env: env(db) }).stdout)[0].status).toBe('staged');
    expect(JSON.parse(runCli(['fills', 'alice', '--json'], { env: env(db) }).stdout)).toEqual([]);
  }, 120_000);
});
