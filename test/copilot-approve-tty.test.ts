import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { dataDir } from './support/data-dir.js';

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

function lastClose(symbol: string): string {
  const lines = readFileSync(join(dataDir(), 'sp500', 'daily', `${symbol}_data.csv`), 'utf8').trim().split('\n');
  return lines[lines.length - 1].split(',')[4];
}

describe('vtrade approve on a terminal', () => {
  it('ignores an early key and a pasted y, executes on a deliberate y, and only once', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-tty-db-')), 'v.db');
    runCli(['account', 'create', 'alice', '--cash', '100000'], { env: env(db) });
    expect(runCli(['copilot', 'buy 20 ABBV', '--account', 'alice'], { env: env(db) }).code).toBe(0);
    const r = drive(db, 1, [
      [0, 'y'],
      [1.2, '\u001b[200~y\u001b[201~'],
      [0.3, 'y'],
    ]);
    expect(r.out).toContain('BUY 20 ABBV');
    expect(r.out).toContain('(ignored 2 early, pasted or other keys)');
    expect(r.out).toContain(`order #1 executed at ${Number(lastClose('ABBV'))}`);
    expect(r.code).toBe(0);
    const fills = JSON.parse(runCli(['fills', 'alice', '--json'], { env: env(db) }).stdout);
    expect(fills.map((f: Record<string, string>) => [f.symbol, f.side, f.qty, f.price])).toEqual([['ABBV', 'buy', '20', String(Number(lastClose('ABBV')))]]);
    // The order is spent: approving it again is refused before any dialog.
    const again = runCli(['approve', '1'], { env: env(db) });
    expect(again.code).toBe(2);
    // The approval counts in the game, once: a later question catches the account's orders up
    // again, and the approve event is keyed by the order.
    expect(r.out).toContain('badge: Co-Pilot');
    const approvals = () =>
      (JSON.parse(runCli(['missions', 'alice', '--json'], { env: env(db) }).stdout) as { active: { template: string; progress: number }[] }).active.find((m) => m.template === 'milestone-copilot-approved-5')?.progress;
    expect(approvals()).toBe(1);
    expect(runCli(['copilot', 'how is my portfolio', '--account', 'alice'], { env: env(db) }).code).toBe(0);
    expect(approvals()).toBe(1);
  }, 120_000);

  it('Esc cancels: the order stays staged and nothing is booked', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vtrade-tty-db-')), 'v.db');
    runCli(['account', 'create', 'alice', '--cash', '100000'], { env: env(db) });
    runCli(['copilot', 'buy 5 AAPL', '--account', 'alice'], { env: env(db) });
    const r = drive(db, 1, [[1.0, '\u001b']]);
    expect(r.out).toContain('not approved (escape)');
    expect(r.code).toBe(0);
    expect(JSON.parse(runCli(['staged', '--json'], { env: env(db) }).stdout)[0].status).toBe('staged');
    expect(JSON.parse(runCli(['fills', 'alice', '--json'], { env: env(db) }).stdout)).toEqual([]);
  }, 120_000);
});
