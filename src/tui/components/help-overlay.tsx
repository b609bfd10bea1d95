import { Box, Text } from 'ink';
import { Table } from '@alcalzone/ink-table';
import { useApp } from '../context.js';
import { ACTIONS, showKey, type Action } from '../keys.js';

const GROUPS: [string, Action[]][] = [
  ['everywhere', ['focusNext', 'focusPrev', 'pause', 'step', 'faster', 'slower', 'buy', 'sell', 'nextMarket', 'hideBalances', 'help', 'close', 'quit']],
  ['book', ['up', 'down', 'select', 'left', 'right', 'depth']],
  ['orders', ['up', 'down', 'cancel']],
  ['missions', ['up', 'down']],
  ['leaderboard', ['up', 'down']],
];

const PANE_NOTES: Partial<Record<Action, string>> = {
  select: 'ticket at the selected level',
  left: 'fewer levels',
  right: 'more levels',
  cancel: 'cancel the selected order',
};

type KeyRow = { key: string; does: string; pane: string };

/** The key table without a rule between every row, so the whole keymap fits on one screen. */
class KeyTable extends Table<KeyRow> {
  override separator = () => <></>;
}

/** Every key, from the keymap in force (so rebinding shows here too), as one table. */
export function HelpOverlay(props: { width: number }) {
  const { keymap } = useApp();
  const rows: KeyRow[] = GROUPS.flatMap(([pane, actions]) =>
    actions.map((a) => ({ key: keymap.keys(a).map(showKey).join(' '), does: (pane !== 'everywhere' && PANE_NOTES[a]) || ACTIONS[a], pane })),
  );
  rows.push({ key: 'Ctrl-C', does: 'quit', pane: 'everywhere' });
  return (
    <Box flexDirection="column" borderStyle="double" width={Math.min(props.width, 72)} paddingX={1}>
      <Text bold>Keys · Esc closes</Text>
      <KeyTable data={rows} padding={1} />
      <Text wrap="truncate">Ticket: digits type, ↑↓ Tab field, ←→ choose, Enter send</Text>
      <Text wrap="truncate">Copilot (focused): type, Enter asks, Tab leaves; orders only staged</Text>
    </Box>
  );
}
