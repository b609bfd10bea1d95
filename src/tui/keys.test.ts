import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { eachKey, keyName, makeKeymap } from './keys.js';
import { colourWanted, makeTheme } from './theme.js';

const k = (over: Partial<Key> = {}): Key =>
  ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...over });

describe('keymap', () => {
  it('names keys as bindings spell them', () => {
    expect(keyName('', k({ tab: true, shift: true }))).toBe('shift-tab');
    expect(keyName(' ', k())).toBe('space');
    expect(keyName('c', k({ ctrl: true }))).toBe('ctrl-c');
    expect(keyName('', k({ upArrow: true }))).toBe('up');
  });

  it('has the documented defaults: arrows and hjkl, Space, ., +/-, b/s, c, p, ?, q', () => {
    const m = makeKeymap();
    expect(m.action('j', k())).toBe('down');
    expect(m.action('', k({ downArrow: true }))).toBe('down');
    expect(m.action('h', k())).toBe('left');
    expect(m.action(' ', k())).toBe('pause');
    expect(m.action('.', k())).toBe('step');
    expect(m.action('+', k())).toBe('faster');
    expect(m.action('-', k())).toBe('slower');
    expect(m.action('b', k())).toBe('buy');
    expect(m.action('s', k())).toBe('sell');
    expect(m.action('c', k())).toBe('cancel');
    expect(m.action('p', k())).toBe('hideBalances');
    expect(m.action('?', k())).toBe('help');
    expect(m.action('q', k())).toBe('quit');
    expect(m.action('', k({ return: true }))).toBe('select');
    expect(m.action('', k({ tab: true }))).toBe('focusNext');
  });

  it('rebinds from the config; Ctrl-C always quits and Esc always closes', () => {
    const m = makeKeymap({ buy: 'B', quit: ['x'], pause: 'b' });
    expect(m.action('B', k({ shift: true }))).toBe('buy');
    expect(m.action('b', k())).toBe('pause');
    expect(m.action(' ', k())).toBeUndefined();
    expect(m.action('q', k())).toBeUndefined();
    expect(m.action('x', k())).toBe('quit');
    expect(m.action('c', k({ ctrl: true }))).toBe('quit');
    expect(m.action('', k({ escape: true, meta: true }))).toBe('close');
    expect(m.keys('buy')).toEqual(['B']);
  });

  it('splits a chunk of fast-typed keys into presses, but not escape sequences or ctrl keys', () => {
    const got: string[] = [];
    eachKey('++j', k(), (i) => got.push(i));
    eachKey('c', k({ ctrl: true }), (i) => got.push(`^${i}`));
    eachKey('', k({ upArrow: true }), () => got.push('up'));
    expect(got).toEqual(['+', '+', 'j', '^c', 'up']);
  });

  it('refuses unknown actions and empty keys, naming the field', () => {
    expect(() => makeKeymap({ jump: 'x' }, 'cfg.json')).toThrow(InputError);
    expect(() => makeKeymap({ jump: 'x' }, 'cfg.json')).toThrow(/keys\.jump/);
    expect(() => makeKeymap({ buy: [] })).toThrow(/keys\.buy/);
    expect(() => makeKeymap('b')).toThrow(/keys/);
  });
});

describe('theme', () => {
  it('honours NO_COLOR, TERM=dumb and --no-color; colours only on a terminal', () => {
    expect(colourWanted({}, [], true)).toBe(true);
    expect(colourWanted({}, [], false)).toBe(false);
    expect(colourWanted({ NO_COLOR: '1' }, [], true)).toBe(false);
    expect(colourWanted({ NO_COLOR: '' }, [], true)).toBe(true);
    expect(colourWanted({ TERM: 'dumb' }, [], true)).toBe(false);
    expect(colourWanted({}, ['replay', '--no-color'], true)).toBe(false);
    expect(makeTheme(false).c('bid')).toBeUndefined();
    expect(makeTheme(true).c('bid')).not.toBe(makeTheme(true).c('ask'));
  });
});
