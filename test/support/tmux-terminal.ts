import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run-cli.js';

/**
 * A real terminal for end-to-end tests of the full-screen UI: tmux runs a shell on a private
 * server, the test types into it and reads the screen back. Every screen a test waits for is saved
 * under `screens/` in the test's temp dir as an artefact.
 */
export class TmuxTerminal {
  readonly work: string;
  readonly screens: string;
  private readonly socket: string;
  private shot = 0;

  constructor(private readonly session: string) {
    this.socket = `vtrade-${session}-${process.pid}`;
    this.work = mkdtempSync(join(tmpdir(), `vtrade-tui-${session}-`));
    this.screens = join(this.work, 'screens');
  }

  tmux = (...args: string[]): string => execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  screen = (): string => this.tmux('capture-pane', '-p', '-t', this.session);
  keys = (...k: string[]): void => void this.tmux('send-keys', '-t', this.session, ...k);
  typeText = (text: string): void => void this.tmux('send-keys', '-t', this.session, '-l', text);
  flag = (name: string): string => this.tmux('display-message', '-p', '-t', this.session, `#{${name}}`).trim();
  resize = (x: number, y: number): void => void this.tmux('resize-window', '-t', this.session, '-x', String(x), '-y', String(y));

  /** A 140x40 shell with CI unset (CI=true makes Ink draw nothing until exit) and no colour. */
  start(): void {
    const which = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (which.status !== 0) throw new Error('tmux is not installed: the end-to-end TUI test needs it (apt-get install tmux; CI lists it in .ci/setup.d/tui.packages)');
    mkdirSync(this.screens, { recursive: true });
    writeFileSync(join(this.work, 'config.json'), '{}');
    const env = [`VTRADE_FROM_SOURCE=1`, `VTRADE_CONFIG=${join(this.work, 'config.json')}`, `NO_COLOR=1`, 'TERM=xterm-256color'].join(' ');
    this.tmux('new-session', '-d', '-s', this.session, '-x', '140', '-y', '40', '-c', repoRoot, `env -u CI ${env} bash --norc --noprofile`);
    this.tmux('set-option', '-t', this.session, 'remain-on-exit', 'on');
    process.stdout.write(`TUI screens: ${this.screens}\n`);
  }

  stop(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }

  save = (name: string, text: string): void => {
    writeFileSync(join(this.screens, `${String(++this.shot).padStart(2, '0')}-${name}.txt`), text);
  };

  /** Polls the screen until `test` holds (or fails with the last screen). */
  waitFor = async (name: string, test: (s: string) => boolean, timeoutMs = 15_000): Promise<string> => {
    const until = Date.now() + timeoutMs;
    let s = '';
    while (Date.now() < until) {
      s = this.screen();
      if (test(s)) {
        this.save(name, s);
        return s;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    this.save(`${name}-TIMEOUT`, s);
    throw new Error(`timed out waiting for ${name}; screen was:\n${s}`);
  };
}

/** The event count the status bar shows. */
export const eventsOf = (s: string): number => Number(/│ ([\d,]+) events │/.exec(s)?.[1].replace(/,/g, '') ?? NaN);
