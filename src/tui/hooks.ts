import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { FrameBudget } from './frame-budget.js';
import { useStdout } from 'ink';
import type { EngineSnapshot, SessionStatus, TuiSession } from './session/types.js';

/** Terminal size that follows resizes (Ink's useStdout does not re-render on resize). */
export function useTerminalSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

export interface Sample {
  snap: EngineSnapshot;
  status: SessionStatus;
}

/**
 * Engine state sampled at the repaint rate, never per event: the replay runs at its own pace and
 * the screen catches up at most `fps` times a second. `refresh()` samples at once (after a key
 * that changed the engine), so a keystroke shows without waiting for the next tick.
 */
export function useSample(session: TuiSession, fps: number, budget: FrameBudget = new FrameBudget()): { sample: Sample; refresh: () => void } {
  const [sample, setSample] = useState<Sample>(() => ({ snap: session.snapshot(), status: session.status() }));
  const last = useRef(sample);
  const started = useRef(0);
  const take = useRef(() => {});
  take.current = () => {
    started.current = performance.now();
    const status = session.status();
    const prev = last.current;
    const snap = session.snapshot();
    if (snap.version === prev.snap.version && sameStatus(status, prev.status)) return;
    last.current = { snap, status };
    setSample(last.current);
  };
  // After the commit: what this frame cost React.
  useLayoutEffect(() => {
    if (started.current > 0) budget.noteReact(performance.now() - started.current);
    started.current = 0;
  }, [sample]);
  useEffect(() => {
    const cap = 1000 / fps;
    let timer: NodeJS.Timeout;
    const loop = () => {
      take.current();
      const s = last.current.status;
      timer = setTimeout(loop, budget.interval(cap, s.speed === 'max' && s.connection === 'replaying'));
    };
    timer = setTimeout(loop, cap);
    return () => clearTimeout(timer);
  }, [fps]);
  const refresh = useRef(() => {
    setTimeout(() => take.current(), 0);
  }).current;
  return { sample, refresh };
}

function sameStatus(a: SessionStatus, b: SessionStatus): boolean {
  return a.connection === b.connection && a.speed === b.speed && a.eventsPerSecond === b.eventsPerSecond && a.paused === b.paused && a.error === b.error;
}
