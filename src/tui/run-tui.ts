import { loadConfig, configFilePath } from '../config/settings.js';
import { makeKeymap, type Keymap } from './keys.js';
import { runPlainFeed } from './plain-feed.js';
import type { TuiSession } from './session/types.js';
import type { GameSource } from './game-source.js';
import type { CopilotSource } from './components/copilot-pane.js';
import { enterAlternateScreen } from './terminal.js';
import { FrameBudget } from './frame-budget.js';
import { colourWanted, makeTheme } from './theme.js';

export interface TuiOptions {
  /** Line-by-line feed instead of the full screen. */
  plain?: boolean;
  fps?: number;
  /** The account's game for the missions and leaderboard panes. */
  game?: GameSource;
  /** The chat pane's copilot, or why there is none. */
  copilot?: CopilotSource | string;
}

/** The keymap in force: defaults with the config file's "keys" object applied. */
export function configuredKeymap(): Keymap {
  return makeKeymap(loadConfig().keys ?? {}, configFilePath());
}

/**
 * Runs the terminal UI over a session until the user quits or, in plain mode, the data ends.
 * The terminal is restored on every way out. The session is stopped before this returns; the
 * caller awaits `session.done` for the run's end (and its error, if any).
 */
export async function runTui(session: TuiSession, opts: TuiOptions = {}): Promise<void> {
  const keymap = configuredKeymap();
  if (opts.plain) {
    await runPlainFeed(session, { keys: true });
    return;
  }
  const { render, App, createElement } = await loadUi();
  const theme = makeTheme(colourWanted(process.env, process.argv, Boolean(process.stdout.isTTY)));
  const restore = enterAlternateScreen(process.stdout);
  try {
    const fps = Math.max(15, Math.min(30, opts.fps ?? 20));
    const budget = new FrameBudget();
    const app = render(createElement(App, { session, keymap, theme, fps, budget, game: opts.game, ...(typeof opts.copilot === 'string' ? { copilotEmpty: opts.copilot } : { copilot: opts.copilot }) }), {
      onRender: (m) => budget.noteInk(m.renderTime),
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: fps,
      // Ink 6.8's incremental renderer moves up one row too few when a frame ends in a newline
      // (which it must, one row short of the terminal, to avoid a full clear per frame), so each
      // frame lands a row low and scrolls. The standard renderer rewrites the frame in place.
      incrementalRendering: false,
    });
    await app.waitUntilExit();
  } finally {
    session.stop();
    restore();
  }
}

/**
 * Ink and the app, loaded only when the full screen is wanted. React picks its development or
 * production build when first loaded, from NODE_ENV; the development build times every render
 * for its profiler and costs the replay several times its speed, so production is the default.
 */
export async function loadUi() {
  process.env.NODE_ENV ??= 'production';
  const [{ createElement }, { render }, { App }] = await Promise.all([import('react'), import('ink'), import('./app.js')]);
  return { render, App, createElement };
}
