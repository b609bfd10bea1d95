import cliProgress from 'cli-progress';

/** Progress on stderr, only when stderr is a terminal and not in CI; otherwise a no-op. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(label: string, total: number): Progress {
  if (!process.stderr.isTTY || process.env.CI === 'true' || total <= 0) {
    return { update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% {eta_formatted}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let last = 0;
  return {
    update(done) {
      // Redrawing on every event would cost more than the work; redraw on ~0.5% steps.
      if (done - last >= total / 200) {
        last = done;
        bar.update(done);
      }
    },
    stop() {
      bar.stop();
    },
  };
}
