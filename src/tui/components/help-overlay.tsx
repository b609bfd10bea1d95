import { Box, Text } from 'ink';
import { useApp } from '../context.js';
import { ACTIONS, showKey, type Action } from '../keys.js';
import { pad } from '../format.js';

const GROUPS: [string, Action[]][] = [
  ['everywhere', ['focusNext', 'focusPrev', 'pause', 'step', 'faster', 'slower', 'buy', 'sell', 'hideBalances', 'help', 'close', 'quit']],
  ['book', ['up', 'down', 'select', 'left', 'right', 'depth']],
  ['orders', ['up', 'down', 'cancel']],
];

const PANE_NOTES: Partial<Record<Action, string>> = {
  select: 'ticket at the selected level',
  left: 'fewer levels',
  right: 'more levels',
  cancel: 'cancel the selected order',
};

/** Every key, from the keymap in force (so rebinding shows here too). */
export function HelpOverlay(props: { width: number }) {
  const { keymap } = useApp();
  return (
    <Box flexDirection="column" borderStyle="double" width={Math.min(props.width, 64)} paddingX={1}>
      <Text bold>Keys · Esc closes</Text>
      {GROUPS.map(([group, actions]) => (
        <Box key={group} flexDirection="column">
          <Text underline>{group}</Text>
          {actions.map((a) => (
            <Text key={a} wrap="truncate">
              {`  ${pad(keymap.keys(a).map(showKey).join(' '), 14)} ${(group !== 'everywhere' && PANE_NOTES[a]) || ACTIONS[a]}`}
            </Text>
          ))}
        </Box>
      ))}
      <Text wrap="truncate">{`  ${pad('Ctrl-C', 14)} quit`}</Text>
      <Text wrap="truncate">Ticket: digits type, ↑↓ Tab field, ←→ choose, Enter send</Text>
    </Box>
  );
}
