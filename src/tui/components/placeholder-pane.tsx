import { Box, Text } from 'ink';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

/** A pane whose feature arrives later (the copilot): it says so plainly. */
export function PlaceholderPane(props: { title: string; message: string; focused: boolean; width: number; height: number }) {
  const t = useTheme();
  return (
    <Pane title={props.title} focused={props.focused} width={props.width} height={props.height}>
      <Text color={t.c('muted')} wrap="wrap">
        {props.message}
      </Text>
      <Box flexGrow={1} />
    </Pane>
  );
}

export const PLACEHOLDERS = {
  copilot: 'no copilot yet',
} as const;
