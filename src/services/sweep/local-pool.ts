import type { ChildProcess } from 'node:child_process';
import { ExitCode } from '../../errors.js';
import { runSweepJob, type OpenData, type SweepJob, type SweepJobResult } from './job.js';

/**
 * The sweep on this machine's cores: `jobs` member processes, each taking the next job as soon
 * as it has finished one. Processes rather than worker threads: a strategy file is arbitrary
 * code, and in its own process a strategy that leaks, crashes the runtime or calls process.exit
 * costs one case, not the sweep; each case loads a fresh copy of its strategy module either way,
 * and a process member speaks the same job and result messages as a member on Kafka.
 */
type ToMember = { type: 'job'; job: SweepJob } | { type: 'stop' };
type FromMember = { type: 'ready' } | { type: 'result'; result: SweepJobResult };

export async function runLocalPool(args: {
  jobs: SweepJob[];
  processes: number;
  /** Starts one member process with an IPC channel (`vtrade worker backtest --ipc`). */
  spawn: () => ChildProcess;
  onResult: (r: SweepJobResult) => void;
  /** Stop handing out jobs; a case cut short by the stop is left unfinished, not failed. */
  signal?: AbortSignal;
}): Promise<void> {
  const queue = [...args.jobs];
  const count = Math.min(args.processes, queue.length);
  const member = () =>
    new Promise<void>((resolve, reject) => {
      const child = args.spawn();
      let current: SweepJob | undefined;
      const next = () => {
        current = args.signal?.aborted ? undefined : queue.shift();
        child.send(current ? ({ type: 'job', job: current } satisfies ToMember) : ({ type: 'stop' } satisfies ToMember));
      };
      child.on('message', (m: FromMember) => {
        if (m.type === 'result') {
          current = undefined;
          args.onResult(m.result);
        }
        next();
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (current === undefined || args.signal?.aborted) return resolve();
        // The process died inside a case: that case fails with why, and a fresh member takes the rest.
        const lost = current;
        args.onResult({ id: lost.id, key: lost.key, member: `pid ${child.pid}`, warnings: [], seconds: 0, error: { message: `the member process ended (${signal ?? `exit code ${code}`}) while running this case`, exitCode: ExitCode.Internal } });
        if (queue.length === 0) return resolve();
        member().then(resolve, reject);
      });
    });
  await Promise.all(Array.from({ length: count }, member));
}

/** The member end of the channel: runs each job it is sent, replies with its result, stops when told. */
export function serveIpc(open: OpenData, log: (m: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const send = (m: FromMember) => process.send!(m);
    process.on('message', (m: ToMember) => {
      if (m.type === 'stop') {
        process.removeAllListeners('message');
        process.disconnect();
        return resolve();
      }
      void runSweepJob(m.job, open, log).then((result) => send({ type: 'result', result }));
    });
    // The parent gone (killed) means nothing more will come.
    process.once('disconnect', () => resolve());
    send({ type: 'ready' });
  });
}
