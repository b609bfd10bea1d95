import { writeSync } from 'node:fs';

const ENTER = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/**
 * The alternate screen, entered and left with escape sequences (Ink 6 has no option for it),
 * and left again on every way out: a normal quit, a signal, an uncaught error, process exit.
 * Leaving writes synchronously so it happens even when the process is going down.
 */
export function enterAlternateScreen(out: NodeJS.WriteStream = process.stdout): () => void {
  let restored = false;
  const fd = (out as { fd?: number }).fd ?? 1;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    } catch {
      // stdin already closed: nothing to restore there
    }
    try {
      writeSync(fd, LEAVE);
    } catch {
      out.write(LEAVE);
    }
    process.off('exit', restore);
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, signal);
  };
  const onCrash = (err: unknown) => {
    restore();
    process.stderr.write(`internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(3);
  };
  out.write(ENTER);
  process.on('exit', restore);
  for (const s of SIGNALS) process.once(s, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return restore;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
