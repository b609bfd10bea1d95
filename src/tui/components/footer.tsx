import { Text } from 'ink';
import { useApp } from '../context.js';
import { showKey, type Action } from '../keys.js';
import type { PaneId } from '../state/layout.js';
import { useTheme } from '../theme-context.js';

const PANE_KEYS: Record<PaneId, [Action, string][]> = {
  ladder: [['up', 'level'], ['select', 'ticket here'], ['depth', 'depth']],
  orders: [['up', 'select'], ['cancel', 'cancel']],
  positions: [['hideBalances', 'hide balances']],
  missions: [['up', 'scroll']],
  leaderboard: [['up', 'scroll']],
  copilot: [],
};

const GLOBAL: [Action, string][] = [
  ['pause', 'pause'],
  ['step', 'step'],
  ['faster', 'faster'],
  ['slower', 'slower'],
  ['buy', 'buy'],
  ['sell', 'sell'],
  ['focusNext', 'pane'],
  ['help', 'help'],
  ['quit', 'quit'],
];

/** The keys of the focused pane first, then the global ones; a notice replaces them while shown. */
export function Footer(props: { focus: PaneId; notice: string | undefined; width: number; typing?: boolean }) {
  const { keymap, session } = useApp();
  const t = useTheme();
  const k = (a: Action) => {
    const keys = keymap.keys(a);
    if (a === 'up') return `${showKey(keymap.keys('up')[0] ?? '')}${showKey(keymap.keys('down')[0] ?? '')}`;
    return showKey(keys[0] ?? '?');
  };
  // Several instruments: the key that puts the next one's book on screen is worth the room.
  const global: [Action, string][] = session.instruments.length > 1 ? [['nextMarket', 'instrument'], ...GLOBAL] : GLOBAL;
  const items = [...PANE_KEYS[props.focus], ...global].map(([a, label]) => `${k(a)} ${label}`);
  // The copilot's input line has the keyboard: only Enter, Tab, Esc and Ctrl-C act.
  const typingItems = ['type a question', 'Enter ask', `${k('focusNext')} leave`, 'Ctrl-C quit', 'orders are only staged: vtrade approve <id>'];
  if (props.notice) {
    return (
      <Text wrap="truncate" color={t.c('accent')}>
        {`» ${props.notice}  (Esc clears)`}
      </Text>
    );
  }
  return (
    <Text wrap="truncate" color={t.c('muted')}>
      {(props.typing ? typingItems : items).join(' · ')}
    </Text>
  );
}
