import { Box, Text } from 'ink';
import { MIN_COLS, MIN_ROWS } from '../state/layout.js';

/** Below the minimum size: one clear message; trading keys do nothing here. */
export function TooSmall(props: { columns: number; rows: number }) {
  return (
    <Box flexDirection="column" width={Math.max(1, props.columns)}>
      <Text bold wrap="wrap">Please enlarge the window</Text>
      <Text wrap="wrap">{`vtrade needs at least ${MIN_COLS}×${MIN_ROWS}; this terminal is ${props.columns}×${props.rows}.`}</Text>
      <Text wrap="wrap">Trading keys are off until it fits. q quits.</Text>
    </Box>
  );
}
