import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

/**
 * `vtrade live --data <recording> --tui` in a real terminal (tmux): the recording plays on the
 * in-process bus, so no server is needed. Every screen looked at is saved under screens/.
 */
const socket = `vtrade-live-e2e-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'vtrade-tui-live-e2e-'));
const screens = join(work, 'screens');
const SYN = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');
const MM = resolve(repoRoot, 'fixtures/strategies/market-maker.ts');
let shot = 0;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'live');
const keys = (...k: string[]) => void tmux('send-keys', '-t', 'live', ...k);
const typeText = (text: string) => void tmux('send-keys', '-t', 'live', '-l', text);
const flag = (name: string) => tmux('display-message', '-p', '-t', 'live', `#{${name}}`).trim();

async function waitFor(name: string, test: (s: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let s = '';
  while (Date.now() < until) {
    s = screen();
    if (test(s)) {
      writeFileSync(join(screens, `${String(++shot).padStart(2, '0')}-${name}.txt`), s);
      return s;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  writeFileSync(join(screens, `${String(++shot).padStart(2, '0')}-${name}-TIMEOUT.txt`), s);
  throw new Error(`timed out waiting for ${name}; screen was:\n${s}`);
}

const eventsOf = (s: string) => Number(/│ ([\d,]+) events │/.exec(s)?.[1].replace(/,/g, '') ?? NaN);

describe('vtrade live --data --tui in a real terminal (tmux)', () => {
  beforeAll(() => {
    const which = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (which.status !== 0) throw new Error('tmux is not installed: the end-to-end TUI test needs it (apt-get install tmux; CI lists it in .ci/setup.d/tui.packages)');
    mkdirSync(screens, { recursive: true });
    writeFileSync(join(work, 'config.json'), '{}');
    // CI=true makes Ink draw nothing until exit: the app runs with CI unset.
    const env = [`VTRADE_FROM_SOURCE=1`, `VTRADE_CONFIG=${join(work, 'config.json')}`, `NO_COLOR=1`, 'TERM=xterm-256color'].join(' ');
    tmux('new-session', '-d', '-s', 'live', '-x', '140', '-y', '40', '-c', repoRoot, `env -u CI ${env} bash --norc --noprofile`);
    tmux('set-option', '-t', 'live', 'remain-on-exit', 'on');
    process.stdout.write(`TUI screens: ${screens}\n`);
  });

  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('shows the book with the status bar live, pauses the display only, refuses steps, quits restoring the terminal', async () => {
    typeText('echo BEFORE-TUI');
    keys('Enter');
    await waitFor('shell', (s) => s.includes('BEFORE-TUI\n'));
    typeText(`node ${resolve(repoRoot, 'bin/vtrade')} live --data ${SYN} --strategy ${MM} --tui --json; echo EXIT=$?`);
    keys('Enter');
    const started = await waitFor('started', (s) => /vtrade \S+ │ \d\d:\d\d:\d\d\.\d{3} │ live │/.test(s) && /\d+\.\d+\s+\d+\s+bid █/.test(s), 20_000);
    expect(started).not.toContain('speed');
    expect(flag('alternate_on')).toBe('1');
    // The feed flows: the count grows.
    const n0 = eventsOf(started);
    await waitFor('flowing', (s) => eventsOf(s) > n0);

    // Space freezes the display; the status bar says so.
    keys('Space');
    const paused = await waitFor('paused', (s) => s.includes('❚❚ PAUSED'));
    await new Promise((r) => setTimeout(r, 300));
    expect(eventsOf(screen())).toBe(eventsOf(paused));
    // A single step has no meaning on a live feed.
    keys('.');
    await waitFor('no-step', (s) => s.includes('cannot step'));
    // Resumed, the display catches up with the engine, which kept taking the feed.
    keys('Space');
    const resumed = await waitFor('resumed', (s) => /│ live │/.test(s) && eventsOf(s) > eventsOf(paused));
    expect(eventsOf(resumed)).toBeGreaterThan(eventsOf(paused));

    keys('q');
    const after = await waitFor('quit', (s) => /EXIT=\d+/.test(s));
    expect(flag('alternate_on')).toBe('0');
    expect(after).toContain('BEFORE-TUI');
    expect(/EXIT=(\d+)/.exec(after)![1]).toBe('0');
    expect(after).toContain('"stopped_by":"signal"');
  }, 60_000);
});
