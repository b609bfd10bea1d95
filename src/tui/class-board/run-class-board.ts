import { UsageError } from '../../errors.js';
import { configuredKeymap } from '../run-tui.js';
import { enterAlternateScreen } from '../terminal.js';
import { colourWanted, makeTheme } from '../theme.js';
import type { ClassBoardSource } from './class-board-app.js';

/**
 * Runs the full-screen class board until the user quits. It needs a terminal on stdin (for the
 * keys) and stdout (to draw); without one it is a usage error, and `class board` without --tui
 * prints the same board once.
 */
export async function runClassBoardTui(source: ClassBoardSource, opts: { intervalMs: number; hideBalances: boolean }): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('the full-screen class board needs a terminal', 'run it in a terminal, or drop --tui to print the board once (-o json for scripts)');
  }
  const keymap = configuredKeymap();
  process.env.NODE_ENV ??= 'production';
  const [{ createElement }, { render }, { ClassBoardApp }, { ThemeContext }] = await Promise.all([
    import('react'),
    import('ink'),
    import('./class-board-app.js'),
    import('../theme-context.js'),
  ]);
  const theme = makeTheme(colourWanted(process.env, process.argv, true));
  const restore = enterAlternateScreen(process.stdout);
  try {
    const app = render(createElement(ThemeContext.Provider, { value: theme }, createElement(ClassBoardApp, { source, keymap, ...opts })), {
      exitOnCtrlC: true,
      patchConsole: true,
      maxFps: 10,
      incrementalRendering: false,
    });
    await app.waitUntilExit();
  } finally {
    restore();
  }
}
