import type { Key } from 'ink';
import { InputError } from '../errors.js';

/** Everything a key can do. Global actions work in any pane; the rest belong to the focused pane. */
export const ACTIONS = {
  quit: 'quit',
  help: 'help overlay',
  close: 'close what is open',
  focusNext: 'next pane',
  focusPrev: 'previous pane',
  pause: 'pause / resume',
  step: 'step one event',
  faster: 'faster',
  slower: 'slower',
  buy: 'buy ticket',
  sell: 'sell ticket',
  hideBalances: 'hide balances',
  up: 'up',
  down: 'down',
  left: 'left',
  right: 'right',
  select: 'select',
  cancel: 'cancel order',
  depth: 'depth preset',
  switchBoard: 'class / global leaderboard',
  nextMarket: 'next instrument (book and tickets)',
} as const;
export type Action = keyof typeof ACTIONS;

export const DEFAULT_KEYS: Readonly<Record<Action, readonly string[]>> = {
  quit: ['q'],
  help: ['?'],
  close: ['escape'],
  focusNext: ['tab'],
  focusPrev: ['shift-tab'],
  pause: ['space'],
  step: ['.'],
  faster: ['+', '='],
  slower: ['-', '_'],
  buy: ['b'],
  sell: ['s'],
  hideBalances: ['p'],
  up: ['up', 'k'],
  down: ['down', 'j'],
  left: ['left', 'h'],
  right: ['right', 'l'],
  select: ['enter'],
  cancel: ['c'],
  depth: ['d'],
  switchBoard: ['g'],
  nextMarket: ['i'],
};

/** The name of a key press as bindings spell it: 'q', 'space', 'enter', 'shift-tab', 'ctrl-x'. */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.ctrl) return `ctrl-${input}`;
  if (input === ' ') return 'space';
  return input;
}

export interface Keymap {
  /** The action bound to a key press, if any. Ctrl-C always quits and Esc always closes. */
  action(input: string, key: Key): Action | undefined;
  /** The keys bound to an action, as shown in the footer and help ('space', 'b'). */
  keys(action: Action): readonly string[];
}

/**
 * The keymap: defaults, with the config's "keys" object rebinding actions, e.g.
 * `{"keys": {"buy": "B", "pause": ["space", "P"]}}`. A rebound action loses its default keys,
 * and a key given to an action is taken from whichever action had it.
 */
export function makeKeymap(overrides: unknown = {}, source = 'config'): Keymap {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new InputError(source, undefined, 'keys', 'must be an object of action: key or [keys]', `actions: ${Object.keys(ACTIONS).join(', ')}`);
  }
  const bound: Record<string, string[]> = Object.fromEntries(Object.entries(DEFAULT_KEYS).map(([a, k]) => [a, [...k]]));
  for (const [action, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (!(action in ACTIONS)) throw new InputError(source, undefined, `keys.${action}`, `unknown action "${action}"`, `actions: ${Object.keys(ACTIONS).join(', ')}`);
    const keys = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((k) => typeof k === 'string' && k !== '') ? (value as string[]) : undefined;
    if (!keys || keys.length === 0 || keys.includes('')) throw new InputError(source, undefined, `keys.${action}`, 'must be a key name or a list of key names');
    for (const other of Object.keys(bound)) bound[other] = bound[other].filter((k) => !keys.includes(k));
    bound[action] = [...keys];
  }
  const byKey = new Map<string, Action>();
  for (const [action, keys] of Object.entries(bound)) for (const k of keys) byKey.set(k, action as Action);
  return {
    action(input, key) {
      const name = keyName(input, key);
      if (name === 'ctrl-c') return 'quit';
      if (name === 'escape') return 'close';
      return byKey.get(name);
    },
    keys: (action) => bound[action],
  };
}

/** How a key is written in the footer and help. */
export function showKey(k: string): string {
  const names: Record<string, string> = { space: 'Space', enter: 'Enter', escape: 'Esc', tab: 'Tab', 'shift-tab': 'S-Tab', up: '↑', down: '↓', left: '←', right: '→' };
  return names[k] ?? k;
}

/**
 * Keys typed fast (or a key held down) reach the app as one chunk of text: hand them on one at
 * a time so "+++" is three presses, not one unknown key.
 */
export function eachKey(input: string, key: Key, fn: (input: string, key: Key) => void): void {
  if (input.length > 1 && !key.ctrl && !key.meta && [...input].every((ch) => ch >= ' ' && ch !== '\x7f')) {
    for (const ch of input) fn(ch, { ...key, shift: ch !== ch.toLowerCase() });
  } else fn(input, key);
}
