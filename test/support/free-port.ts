import { createServer } from 'node:net';

/**
 * A loopback TCP port that was free a moment ago: the OS picks it, we close the probe and hand
 * the number to a server about to start. The probe is unref'd so a pending lookup never keeps a
 * test worker alive.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}
