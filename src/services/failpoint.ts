/**
 * Named places where a test may have the process die at once (SIGKILL, no clean-up), to prove
 * that whatever a run has made durable is enough to finish it: VTRADE_FAILPOINT=<name>. Unset,
 * a failpoint costs one environment lookup.
 */
export type Failpoint = 'run-fills-booked' | 'run-market-kept' | 'game-fills-taken' | 'run-game-caught-up';

export function failpoint(name: Failpoint): void {
  if (process.env.VTRADE_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
