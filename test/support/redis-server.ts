import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts a private redis-server on a free loopback port with its own temporary directory and no
 * persistence; stop() ends it and removes the directory. A missing binary is an error, never a skip.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-server is not installed: these tests need a real Redis (apt-get install redis-server; CI installs it from .ci/setup.d/game.packages)');
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-redis-'));
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = await waitReady(child);
    if (ready === true) {
      const onExit = () => child.kill('SIGKILL');
      process.once('exit', onExit);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: async () => {
          process.removeListener('exit', onExit);
          await stopChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    // Another process took the port between the probe and the start: try another.
    if (attempt >= 4) throw new Error(`redis-server did not start: ${ready}`);
  }
}

function waitReady(child: ChildProcess): Promise<true | string> {
  return new Promise((resolve) => {
    let log = '';
    const timer = setTimeout(() => resolve(`no "Ready to accept connections" in 15 s\n${log}`), 15_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(`exited with code ${code}\n${log}`);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
