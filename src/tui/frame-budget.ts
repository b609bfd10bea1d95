/**
 * What drawing costs, so the repaint rate can give way to the engine. While a replay runs flat
 * out, frames come no faster than drawing staying under `share` of the wall clock (so the UI
 * slows the replay by at most about that much); otherwise the cap alone applies. Keys never
 * wait for this: they repaint at once.
 */
export class FrameBudget {
  private react = 0;
  private ink = 0;

  /** React's part of a frame (sampling the engine and reconciling), ms. */
  noteReact(ms: number): void {
    this.react = smooth(this.react, ms);
  }

  /** Ink's part (layout and output), ms. */
  noteInk(ms: number): void {
    this.ink = smooth(this.ink, ms);
  }

  get frameMs(): number {
    return this.react + this.ink;
  }

  /** Milliseconds between frames: at least `capMs`; when `flatOut`, long enough to keep drawing under `share`. */
  interval(capMs: number, flatOut: boolean, share = 0.05): number {
    return flatOut ? Math.min(1000, Math.max(capMs, this.frameMs / share)) : capMs;
  }
}

const smooth = (prev: number, x: number) => (prev === 0 ? x : prev * 0.8 + x * 0.2);
