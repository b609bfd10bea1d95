import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme-context.js';

/** A bordered pane. The focused one says so in words and a heavier border, not by colour alone. */
export function Pane(props: { title: string; focused: boolean; width: number; height: number; children?: ReactNode }) {
  const t = useTheme();
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle={props.focused ? 'bold' : 'single'} borderColor={props.focused ? t.c('accent') : t.c('muted')} overflow="hidden">
      <Text bold={props.focused} color={props.focused ? t.c('title') : undefined} wrap="truncate">
        {props.focused ? `▶ ${props.title}` : `  ${props.title}`}
      </Text>
      {props.children}
    </Box>
  );
}
