import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from './run-cli.js';
import { fillCount } from './live-ledger.js';

/** A vtrade process running beside the test (a worker, a live run), its output collected. */
export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
});

export function startCli(args: string[], env: Record<string, string> = {}, opts: { cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [resolve(repoRoot, 'bin/vtrade'), ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', VTRADE_FROM_SOURCE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      done(code ?? signal ?? -1);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Stops it: SIGTERM lets it finish cleanly, SIGKILL is a crash. */
export async function stopCli(r: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
  return r.exited;
}

export async function waitUntil(what: string, check: () => boolean, timeoutMs: number, diagnose?: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${diagnose ? `\n${diagnose()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts a vtrade command and SIGKILLs it as soon as the account database holds `fills` fills,
 * checked every few milliseconds: the kill lands at a point of the run, not at a time on a clock
 * that a busy machine stretches. Resolves with whether it was killed (false: it finished first).
 */
export function killAtFills(env: Record<string, string>, args: string[], fills: number): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(repoRoot, 'bin/vtrade'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: 'ignore',
    });
    const poll = setInterval(() => {
      if (fillCount(env.VTRADE_DB) >= fills) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      done(signal === 'SIGKILL');
    });
  });
}
