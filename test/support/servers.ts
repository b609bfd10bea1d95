import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { repoRoot } from './run-cli.js';

/**
 * Real servers for the live tests: a single-node Apache Kafka broker (KRaft, combined broker
 * and controller, jars fetched by .ci/setup.d/kafka.sh) and a redis-server, each on free
 * loopback ports with a temporary directory. A missing binary or jar fails the test with what
 * to run; nothing is mocked. Every server started here is killed when the process exits, even
 * when a test fails or the worker dies.
 */

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function need(cmd: string, hint: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`]);
  if (r.status !== 0) throw new Error(`${cmd} is not installed: ${hint}`);
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number, child?: ChildProcess, log?: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}${log ? `\n${tail(log)}` : ''}`);
    if (Date.now() > until) throw new Error(`${what} not ready after ${timeoutMs} ms${log ? `\n${tail(log)}` : ''}`);
    await sleep(100);
  }
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

async function stopChild(c: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  c.kill(signal);
  const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  children.delete(c);
}

export interface KafkaBroker {
  brokers: string[];
  /** Stops the broker (SIGTERM: a controlled shutdown) and starts it again on the same ports and data. */
  restart(opts?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export const KAFKA_LIBS = join(repoRoot, '.cache/kafka/libs');

/**
 * initialRebalanceDelayMs: how long a new group waits for more members before its first
 * assignment (0 for tests; a benchmark sets it so all its workers share the first generation).
 */
export async function startKafka(opts: { initialRebalanceDelayMs?: number } = {}): Promise<KafkaBroker> {
  need('java', 'apt-get install openjdk-17-jre-headless (listed in .ci/setup.d/live.packages)');
  if (!existsSync(KAFKA_LIBS) || !readdirSync(KAFKA_LIBS).some((f) => f.startsWith('kafka_2.13-'))) {
    throw new Error(`the Kafka broker's jars are missing in ${KAFKA_LIBS}: run bash .ci/setup.d/kafka.sh`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-kafka-'));
  const port = await freePort();
  let controller = await freePort();
  while (controller === port) controller = await freePort();
  const props = join(dir, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=4',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      `group.initial.rebalance.delay.ms=${opts.initialRebalanceDelayMs ?? 0}`,
      'auto.create.topics.enable=false',
      '',
    ].join('\n'),
  );
  const log = join(dir, 'broker.log');
  const log4j = join(dir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${log}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  const cp = `${KAFKA_LIBS}/*`;
  const jvm = ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${log4j}`, '-cp', cp];
  // Kafka's own ids never start with '-': the storage tool would read one as a flag.
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const fmt = spawnSync('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props], { encoding: 'utf8' });
  if (fmt.status !== 0) throw new Error(`formatting the Kafka storage failed: ${fmt.stderr}${fmt.stdout}`);

  let child: ChildProcess | undefined;
  const started = () => (readFileSync(log, 'utf8').match(/Kafka Server started/g) ?? []).length;
  const launch = async () => {
    const before = existsSync(log) ? started() : 0;
    const c = spawn('java', [...jvm, 'kafka.Kafka', props], { stdio: ['ignore', 'ignore', 'ignore'] });
    children.add(c);
    child = c;
    await waitFor('the Kafka broker', () => existsSync(log) && started() > before, 90_000, c, log);
  };
  await launch();
  return {
    brokers: [`127.0.0.1:${port}`],
    async restart(opts) {
      await stopChild(child, 'SIGTERM', 20_000);
      if (opts?.downMs) await sleep(opts.downMs);
      await launch();
    },
    async stop() {
      await stopChild(child, 'SIGKILL', 5_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (the data goes: it is a fan-out, not a store). */
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  need('redis-server', 'apt-get install redis-server (listed in .ci/setup.d/live.packages)');
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const log = join(dir, 'redis.log');
  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', log], { stdio: 'ignore' });
    children.add(c);
    child = c;
    const ready = () => existsSync(log) && (readFileSync(log, 'utf8').match(/Ready to accept connections/g) ?? []).length > 0;
    await waitFor('redis-server', ready, 20_000, c, log);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopChild(child, 'SIGKILL', 5_000);
      rmSync(log, { force: true });
    },
    start,
    dispose: async () => {
      await stopChild(child, 'SIGKILL', 5_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
